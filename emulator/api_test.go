package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
)

// firstID lists a resource and returns the primary key of its first item.
func firstID(t *testing.T, e *testEnv, rel, collection, key string) string {
	t.Helper()
	rec := e.do(t, http.MethodGet, rel, "", nil)
	wantStatus(t, rec, http.StatusOK)
	items := envelope(t, rec, collection)
	if len(items) == 0 {
		t.Fatalf("%s is empty", rel)
	}
	return fmt.Sprint(items[0][key])
}

func TestListAndGetEnvelopes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.do(t, http.MethodGet, "geography/Region", "", nil)
	wantStatus(t, rec, http.StatusOK)
	regions := envelope(t, rec, "regions")
	if !bytes.HasPrefix(rec.Body.Bytes(), []byte(`{"regions":[{"regionId":`)) {
		t.Errorf("the primary key is not rendered first: %.80s", rec.Body)
	}
	id := fmt.Sprint(regions[0]["regionId"])
	rec = e.do(t, http.MethodGet, "geography/Region/"+id, "", nil)
	wantStatus(t, rec, http.StatusOK)
	one := envelope(t, rec, "regions")
	if len(one) != 1 || fmt.Sprint(one[0]["regionId"]) != id {
		t.Fatalf("get by id = %v, want a one-element array holding region %s", one, id)
	}
	wantError(t, e.do(t, http.MethodGet, "geography/Region/999999999", "", nil), http.StatusNotFound, "999999999")
}

func TestKeysFollowCatalogueOrder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cat := catalog.Load()
	res, _ := cat.Resource("Server")
	rec := e.do(t, http.MethodGet, "infrastructure/Server", "", nil)
	wantStatus(t, rec, http.StatusOK)
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	// Walk to the first server object and collect its keys in wire order.
	for i := 0; i < 4; i++ { // {, "servers", [, {
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	pos := map[string]int{}
	for i, f := range res.Fields {
		pos[f.Name] = i
	}
	last := -1
	for _, k := range keys {
		p, known := pos[k]
		if !known {
			last = len(res.Fields) // unknown keys come after every known one
			continue
		}
		if p < last {
			t.Fatalf("key %s out of catalogue order in %v", k, keys)
		}
		last = p
	}
}

func TestHeadCountsWithoutBody(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	list := envelope(t, e.do(t, http.MethodGet, "geography/Region", "", nil), "regions")
	rec := e.do(t, http.MethodHead, "geography/Region", "", nil)
	wantStatus(t, rec, http.StatusOK)
	if got := rec.Header().Get("x-es-count"); got != fmt.Sprint(len(list)) {
		t.Errorf("x-es-count = %q, want %d", got, len(list))
	}
	if rec.Body.Len() != 0 {
		t.Errorf("HEAD answered a body: %q", rec.Body)
	}
}

func TestFlatLicenseAndAnalyticsByID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.do(t, http.MethodGet, "admin/License", "", nil)
	wantStatus(t, rec, http.StatusOK)
	var lic map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &lic); err != nil {
		t.Fatal(err)
	}
	if _, ok := lic["licensee"]; !ok {
		t.Errorf("license is not a flat object: %s", rec.Body)
	}
	wantError(t, e.do(t, http.MethodGet, "admin/License/1", "", nil), http.StatusNotFound, "single object")

	server := firstID(t, e, "infrastructure/Server", "servers", "serverId")
	rec = e.do(t, http.MethodGet, "analytics/ServerAnalytics/"+server, "", nil)
	wantStatus(t, rec, http.StatusOK)
	envelope(t, rec, "analytics")
	wantError(t, e.do(t, http.MethodGet, "analytics/ServerAnalytics", "", nil), http.StatusBadRequest, "addressed by id")
}

func TestMethodNotAllowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, tc := range []struct{ method, rel, allow string }{
		{http.MethodDelete, "geography/Cloud/1", "GET, HEAD"},
		{http.MethodPost, "geography/Cloud", "GET, HEAD"},
		{http.MethodPut, "infrastructure/Server", "GET, HEAD, POST"},
		{http.MethodPatch, "infrastructure/Server/1", "GET, HEAD, PUT, DELETE"},
	} {
		rec := e.do(t, tc.method, tc.rel, "", nil)
		wantError(t, rec, http.StatusMethodNotAllowed, tc.method)
		if got := rec.Header().Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.rel, got, tc.allow)
		}
	}
}

func TestUnknownResource(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	wantError(t, e.do(t, http.MethodGet, "geography/Planet", "", nil), http.StatusNotFound, "geography/Planet")
	wantError(t, e.do(t, http.MethodGet, "network/Firewall/1/rules", "", nil), http.StatusNotFound, "unknown path")
	wantError(t, e.do(t, http.MethodGet, "geography", "", nil), http.StatusNotFound, "incomplete path")
}

func TestWritesAnswer201And202And204(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	rec := e.do(t, http.MethodPost, "admin/Group", `{"addGroup":{"group":{"name":"ops","description":"on call"}}}`, nil)
	wantStatus(t, rec, http.StatusCreated)
	groups := envelope(t, rec, "groups")
	if len(groups) != 1 || groups[0]["name"] != "ops" {
		t.Fatalf("201 body = %s", rec.Body)
	}
	group := fmt.Sprint(groups[0]["groupId"])

	rec = e.do(t, http.MethodPut, "admin/Group/"+group, `{"describeGroup":{"group":{"name":"ops2","description":"x"}}}`, nil)
	wantStatus(t, rec, http.StatusNoContent)
	if rec.Body.Len() != 0 {
		t.Errorf("204 with a body: %s", rec.Body)
	}
	got := envelope(t, e.do(t, http.MethodGet, "admin/Group/"+group, "", nil), "groups")
	if got[0]["name"] != "ops2" {
		t.Errorf("describeGroup not applied: %v", got[0])
	}

	server := firstID(t, e, "infrastructure/Server", "servers", "serverId")
	rec = e.do(t, http.MethodPut, "infrastructure/Server/"+server, `{"stop":[{"reason":"test"}]}`, nil)
	wantStatus(t, rec, http.StatusAccepted)
	jobs := envelope(t, rec, "jobs")
	if len(jobs) != 1 || jobs[0]["jobId"] == nil {
		t.Fatalf("202 body = %s", rec.Body)
	}
	if !bytes.HasPrefix(rec.Body.Bytes(), []byte(`{"jobs":[{"jobId":`)) {
		t.Errorf("job keys not in catalogue order: %s", rec.Body)
	}
	rec = e.do(t, http.MethodGet, fmt.Sprintf("admin/Job/%v", jobs[0]["jobId"]), "", nil)
	wantStatus(t, rec, http.StatusOK)

	rec = e.do(t, http.MethodDelete, "admin/Group/"+group, "", nil)
	wantStatus(t, rec, http.StatusNoContent)
	wantStatus(t, e.do(t, http.MethodGet, "admin/Group/"+group, "", nil), http.StatusNotFound)
}

func TestWrongVerbNamesExpected(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	server := firstID(t, e, "infrastructure/Server", "servers", "serverId")
	rec := e.do(t, http.MethodPut, "infrastructure/Server/"+server, `{"explode":[{}]}`, nil)
	wantError(t, rec, http.StatusBadRequest, `unknown operation "explode"`)
	for _, verb := range []string{"start", "stop", "describeServer"} {
		if !strings.Contains(errorMessage(t, rec), verb) {
			t.Errorf("message does not list %s: %s", verb, errorMessage(t, rec))
		}
	}
	rec = e.do(t, http.MethodPost, "infrastructure/Server", `{"stop":[{}]}`, nil)
	wantError(t, rec, http.StatusBadRequest, "launch")
}

func TestDetailLevels(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	region := firstID(t, e, "geography/Region", "regions", "regionId")
	get := func(details string) map[string]any {
		t.Helper()
		var hdr map[string]string
		if details != "" {
			hdr = map[string]string{"x-es-details": details}
		}
		rec := e.do(t, http.MethodGet, "geography/Region/"+region, "", hdr)
		wantStatus(t, rec, http.StatusOK)
		return envelope(t, rec, "regions")[0]
	}
	if none := get("none"); len(none) != 1 || none["regionId"] == nil {
		t.Errorf("none = %v, want only regionId", none)
	}
	basic := get("")
	cloud, _ := basic["cloud"].(map[string]any)
	if len(cloud) != 1 {
		t.Errorf("basic (the default) cloud = %v, want a bare reference", basic["cloud"])
	}
	for _, d := range []string{"extended", "EXTENDED"} {
		ext := get(d)
		if c, _ := ext["cloud"].(map[string]any); c["name"] == nil {
			t.Errorf("%s cloud = %v, want the expanded cloud", d, ext["cloud"])
		}
	}
	wantError(t, e.do(t, http.MethodGet, "geography/Region", "", map[string]string{"x-es-details": "all"}),
		http.StatusBadRequest, "x-es-details")
}

func TestHeadItemAndConfiguredDefaultDetails(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.DefaultDetails = "none" })
	region := firstID(t, e, "geography/Region", "regions", "regionId")
	rec := e.do(t, http.MethodHead, "geography/Region/"+region, "", nil)
	wantStatus(t, rec, http.StatusOK)
	if rec.Body.Len() != 0 {
		t.Errorf("HEAD item answered a body")
	}
	wantStatus(t, e.do(t, http.MethodHead, "geography/Region/0", "", nil), http.StatusNotFound)
	item := envelope(t, e.do(t, http.MethodGet, "geography/Region/"+region, "", nil), "regions")[0]
	if len(item) != 1 {
		t.Errorf("default details none rendered %v", item)
	}
	if _, err := emulator.New(emulator.Options{Store: e.srv.Store(), DefaultDetails: "full"}); err == nil {
		t.Error("New accepted default details \"full\"")
	}
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, o := range []emulator.Options{
		{},
		{Store: e.srv.Store(), Auth: "sometimes"},
		{Store: e.srv.Store(), Skew: -time.Second},
		{Store: e.srv.Store(), PageSize: -2}, // -1 is emulator.Unpaged
		{Store: e.srv.Store(), MaxBody: -1},
		{Store: e.srv.Store(), MaxDepth: -1},
	} {
		if _, err := emulator.New(o); err == nil {
			t.Errorf("New(%+v) succeeded", o)
		}
	}
}
