package cli

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// The fake API's credentials. The secret is long and distinctive so that a
// leak into any output is unmistakable.
const (
	testAccess  = "HUFVVXTGJWVZYFWRMAHU"
	testSecret  = "s3cr3t+Zq9YwV2kL8pR4tN6mB1xC7dF0gH5jK3a/"
	testVersion = "2012-06-15"
	apiPrefix   = "/api/enstratus/" + testVersion + "/"
)

// dataCentersJSON deliberately lists keys out of alphabetical order so that
// any map round trip in the CLI would show.
const dataCentersJSON = `{"dataCenters":[{"dataCenterId":64351,"zeta":"last letter first","name":"us-west-2a","region":{"regionId":19344},"alpha":true,"status":"ACTIVE"}]}`

const jobsJSON = `{"jobs":[{"jobId":84322,"status":"RUNNING"}]}`

// seenRequest is what the fake API recorded about one request.
type seenRequest struct {
	Method, Path, RawQuery string
	Accept, ContentType    string
	Details                string
	Body                   string
	Signature              string
}

// fakeAPI is a tiny enStratus endpoint for CLI tests. It verifies request
// signatures with its own HMAC-SHA256 code (not dcm's), so a signing bug in
// the client cannot hide behind a shared implementation.
type fakeAPI struct {
	mu   sync.Mutex
	seen []seenRequest
}

func newFakeAPI(t *testing.T) (*fakeAPI, *httptest.Server) {
	t.Helper()
	f := &fakeAPI{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeAPI) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

// signaturesSeen lists every signature value received, for leak checks.
func (f *fakeAPI) signaturesSeen() []string {
	var out []string
	for _, r := range f.requests() {
		if r.Signature != "" {
			out = append(out, r.Signature)
		}
	}
	return out
}

// independentSignature is base64(HMAC-SHA256(secret, access:METHOD:path:ts:ua)).
func independentSignature(secret, access, method, path, ts, ua string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	io.WriteString(mac, access+":"+method+":"+path+":"+ts+":"+ua)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	sig := r.Header.Get("x-esauth-signature")
	f.mu.Lock()
	f.seen = append(f.seen, seenRequest{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Accept: r.Header.Get("Accept"), ContentType: r.Header.Get("Content-Type"),
		Details: r.Header.Get("x-es-details"), Body: string(body), Signature: sig,
	})
	f.mu.Unlock()

	w.Header().Set("x-es-request", "req-7")
	if r.URL.Path == "/api/enstratus" {
		writeJSON(w, http.StatusOK, `{"current":{"versionId":"2014-07-30"},"supported":[{"versionId":"2012-06-15"},{"versionId":"2014-07-30"},{"versionId":"2013-03-13"}]}`)
		return
	}
	if !strings.HasPrefix(r.URL.Path, apiPrefix) {
		writeJSON(w, http.StatusNotFound, `{"error":{"message":"No such endpoint"}}`)
		return
	}
	ua := r.Header.Get("User-Agent")
	want := independentSignature(testSecret, testAccess, r.Method, r.URL.Path, r.Header.Get("x-esauth-timestamp"), ua)
	if r.Header.Get("x-esauth-access") != testAccess || !hmac.Equal([]byte(sig), []byte(want)) {
		writeJSON(w, http.StatusForbidden, `{"error":{"message":"Invalid access keys"}}`)
		return
	}
	f.route(w, r, strings.TrimPrefix(r.URL.Path, apiPrefix), body)
}

func (f *fakeAPI) route(w http.ResponseWriter, r *http.Request, path string, body []byte) {
	xmlWanted := strings.Contains(r.Header.Get("Accept"), "xml")
	switch {
	case r.Method == http.MethodGet && path == "geography/DataCenter":
		if r.URL.Query().Get("regionId") != "19344" {
			writeJSON(w, http.StatusBadRequest, `{"error":{"message":"regionId is required"}}`)
			return
		}
		if xmlWanted {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusOK)
			io.WriteString(w, `<dataCenters><dataCenter dataCenterId="64351"><name>us-west-2a</name><region regionId="19344"/></dataCenter></dataCenters>`)
			return
		}
		writeJSON(w, http.StatusOK, dataCentersJSON)
	case r.Method == http.MethodHead && path == "infrastructure/Server":
		w.Header().Set("x-es-count", "42")
		w.WriteHeader(http.StatusOK)
	case r.Method == http.MethodPost && path == "infrastructure/Volume":
		writeJSON(w, http.StatusAccepted, jobsJSON)
	case r.Method == http.MethodPost && path == "admin/Group":
		writeJSON(w, http.StatusCreated, `{"groups":[{"groupId":77,"name":"ops"}]}`)
	case r.Method == http.MethodPut && path == "infrastructure/Server/5090":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodDelete && path == "infrastructure/Volume/4411":
		writeJSON(w, http.StatusAccepted, jobsJSON)
	case r.Method == http.MethodDelete && path == "admin/Group/77":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && path == "admin/Broken":
		writeJSON(w, http.StatusInternalServerError, `{"error":{"message":"kaboom"}}`)
	default:
		writeJSON(w, http.StatusNotFound, fmt.Sprintf(`{"error":{"message":"No such resource: %s"}}`, path))
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// runCLI runs mixcoatl in-process with an environment holding only vars,
// an empty config directory and no legacy files.
func runCLI(t *testing.T, vars map[string]string, stdin string, args ...string) result {
	t.Helper()
	return runEnv(context.Background(), Env{
		Args:          args,
		Stdin:         strings.NewReader(stdin),
		Getenv:        func(k string) string { return vars[k] },
		ConfigDir:     t.TempDir(),
		LegacyDir:     "-",
		ClientOptions: []dcm.Option{dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1})},
	})
}

// envFor is the ES_* environment pointing at srv.
func envFor(srv *httptest.Server, secret string) map[string]string {
	return map[string]string{
		"ES_ACCESS_KEY": testAccess,
		"ES_SECRET_KEY": secret,
		"ES_ENDPOINT":   srv.URL + "/api/enstratus/" + testVersion,
	}
}
