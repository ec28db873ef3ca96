package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// answering is a client of a server that answers every request with
// status, content type and body.
func answering(t *testing.T, status int, contentType, body string) *dcm.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.Header().Set(dcm.HeaderRequestID, "r-42")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := dcm.New(dcm.Config{AccessKey: "A", SecretKey: "SECRET", Endpoint: srv.URL + dcm.APIBasePath + "/2015-05-25"},
		dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func resource(t *testing.T, name string) *catalog.Resource {
	t.Helper()
	res, ok := catalog.Load().Resource(name)
	if !ok {
		t.Fatalf("no %s in the catalogue", name)
	}
	return res
}

// wantRefused checks err is a refused answer whose message quotes what
// came (want), never the secret "hunter2".
func wantRefused(t *testing.T, err error, want string) {
	t.Helper()
	ae, ok := errors.AsType[*dcm.APIError](err)
	if !ok || ae.Problem != dcm.ProblemAnswer {
		t.Fatalf("err = %v, want an answer refused with dcm.ProblemAnswer", err)
	}
	if !strings.Contains(ae.Message, want) || ae.RequestID != "r-42" {
		t.Errorf("message %q (request %q) does not quote %q", ae.Message, ae.RequestID, want)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the message shows a secret: %v", err)
	}
}

func TestWritesNeedEvidence(t *testing.T) {
	t.Parallel()
	launch := map[string]any{"name": "web", "description": "d", "budget": 1, "dataCenter": map[string]any{"dataCenterId": 1},
		"machineImage": map[string]any{"machineImageId": 2}, "product": map[string]any{"productId": "m1"}}
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		kind                    catalog.Kind
		verb                    string
		want                    string
	}{
		{"empty 200 on a launch", "", "", 200, catalog.KindCreate, "launch", "an empty body"},
		{"204 on a launch", "", "", 204, catalog.KindCreate, "launch", "an empty body"},
		{"HTML 200 on a launch", "text/html", "<html><body>Maintenance</body></html>", 200, catalog.KindCreate, "launch",
			"text/html (37 bytes): <html><body>Maintenance</body></html>"},
		{"empty envelope on a launch", "application/json", `{"servers":[]}`, 201, catalog.KindCreate, "launch", `{"servers":[]}`},
		{"wrong envelope, secret redacted", "application/json", `{"user":{"password":"hunter2"}}`, 201, catalog.KindCreate, "launch",
			`"password":"[REDACTED]"`},
		{"202 without jobs", "application/json", `{"jobs":[]}`, 202, catalog.KindCreate, "launch", `{"jobs":[]}`},
		{"202 with nonsense", "application/json", `{"servers":[{"serverId":1}]}`, 202, catalog.KindDelete, "", "serverId"},
		{"empty 200 on a stop", "", "", 200, catalog.KindAction, "stop", "an empty body"},
		{"truncated JSON on an update", "application/json", `{"servers":[{"serverId":1`, 200, catalog.KindUpdate, "describeServer",
			`{"servers":[{"serverId":1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := answering(t, tc.status, tc.contentType, tc.body)
			var payload any
			switch tc.verb {
			case "launch":
				payload = launch
			case "stop":
				payload = map[string]any{}
			case "describeServer":
				payload = map[string]any{"name": "x"}
			}
			id := "5"
			if tc.kind == catalog.KindCreate {
				id = ""
			}
			_, err := sdk.Exec(context.Background(), c, sdk.Operation{Resource: resource(t, "Server"), Kind: tc.kind, Verb: tc.verb}, id, payload, nil)
			wantRefused(t, err, tc.want)
		})
	}
}

func TestWriteSuccessesStillPass(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		body   string
		kind   catalog.Kind
		verb   string
	}{
		{204, "", catalog.KindAction, "stop"},
		{202, `{"jobs":[{"jobId":7,"status":"RUNNING"}]}`, catalog.KindAction, "stop"},
		{204, "", catalog.KindDelete, ""},
		{200, `{"servers":[{"serverId":5}]}`, catalog.KindUpdate, "describeServer"},
	} {
		c := answering(t, tc.status, "application/json", tc.body)
		payload := map[string]any{"name": "x"}
		if tc.verb != "describeServer" {
			payload = map[string]any{}
		}
		if tc.kind == catalog.KindDelete {
			payload = nil
		}
		r, err := sdk.Exec(context.Background(), c, sdk.Operation{Resource: resource(t, "Server"), Kind: tc.kind, Verb: tc.verb}, "5", payload, nil)
		if err != nil {
			t.Errorf("%d %s: %v", tc.status, tc.verb, err)
			continue
		}
		if tc.status == 202 && (len(r.Jobs) != 1 || r.Jobs[0].JobID != 7) {
			t.Errorf("jobs = %v", r.Jobs)
		}
	}
}

func TestReadsNeedEvidence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, contentType, body string
		want                    string
	}{
		{"empty 200", "application/json", "", "an empty body"},
		{"HTML", "text/html; charset=utf-8", "<!DOCTYPE html><title>Login</title>", "text/html"},
		{"null collection", "application/json", `{"servers":null}`, `is null`},
		{"null items", "application/json", `{"servers":[null,null]}`, "item 1"},
		{"scalar items", "application/json", `{"servers":[1,2]}`, "not an object"},
		{"wrong envelope", "application/json", `{"volumes":[{"volumeId":1}]}`, `no "servers" collection`},
		{"truncated", "application/json", `{"servers":[{"serverId":1},{"server`, "not a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := answering(t, 200, tc.contentType, tc.body)
			var err error
			for _, e := range sdk.ListPages(context.Background(), c, resource(t, "Server"), nil) {
				if err = e; err != nil {
					break
				}
			}
			wantRefused(t, err, tc.want)
			_, err = sdk.GetItem(context.Background(), c, resource(t, "Server"), "5", nil)
			wantRefused(t, err, tc.want)
		})
	}
	c := answering(t, 200, "application/json", "[1]")
	if _, err := sdk.GetItem(context.Background(), c, resource(t, "License"), "", nil); !dcm.IsUnusableAnswer(err) {
		t.Errorf("a flat resource answered with an array: %v", err)
	}
}

func TestEmptyGetIsAnUnusableAnswer(t *testing.T) {
	t.Parallel()
	c := answering(t, 200, "application/json", `{"servers":[]}`)
	_, err := sdk.GetItem(context.Background(), c, resource(t, "Server"), "5", nil)
	if _, ok := errors.AsType[*sdk.EmptyResultError](err); !ok || !dcm.IsUnusableAnswer(err) {
		t.Errorf("err = %v, want an *sdk.EmptyResultError that is an unusable answer", err)
	}
}

func TestEmptyPageThatIsNotTheLast(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get(dcm.QueryPage))
		w.Header().Set(dcm.HeaderPagination, "p"+strconv.Itoa(page))
		w.Header().Set(dcm.HeaderLastPage, "false")
		if page == 0 {
			fmt.Fprint(w, `{"servers":[{"serverId":1}]}`)
			return
		}
		fmt.Fprint(w, `{"servers":[]}`)
	}))
	t.Cleanup(srv.Close)
	c, err := dcm.New(dcm.Config{AccessKey: "A", SecretKey: "SECRET", Endpoint: srv.URL + dcm.APIBasePath + "/2015-05-25"})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, err = range sdk.ListPages(context.Background(), c, resource(t, "Server"), nil) {
		if err != nil {
			break
		}
		pages++
	}
	if ae, ok := errors.AsType[*dcm.APIError](err); !ok || ae.Problem != dcm.ProblemPaging || pages != 1 || !strings.Contains(ae.Message, "page 2 is empty") {
		t.Errorf("after %d page(s): %v, want page 1 then a paging error", pages, err)
	}
}
