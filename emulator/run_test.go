package emulator_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
)

// startRun runs the emulator command and returns its printed settings
// (DCM_ENDPOINT, DCM_ACCESS_KEY, and DCM_SECRET_KEY when the pair was just
// generated).
func startRun(t *testing.T, cfg emulator.Config) (map[string]string, func() error) {
	t.Helper()
	lines, stop := startRunAll(t, cfg)
	out := map[string]string{}
	for _, l := range lines {
		if k, v, ok := strings.Cut(l, "="); ok && strings.HasPrefix(k, "DCM_") {
			out[k] = strings.Fields(v)[0]
		}
	}
	if out["DCM_ENDPOINT"] == "" {
		stop()
		t.Fatalf("Run printed no endpoint: %q", lines)
	}
	return out, stop
}

func signedGet(t *testing.T, endpoint, rel, access, secret string) *http.Response {
	t.Helper()
	u, err := url.Parse(endpoint + "/" + rel)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	signHeaders(req, seed.APIKey{AccessKey: access, SecretKey: secret}, timeNow(), testAgent)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// openData opens the store a --data value names, closed when the test ends.
func openData(t *testing.T, data string) store.Store {
	t.Helper()
	st, err := open.Store(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

func TestRunGeneratesKeysOnceAndServes(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "state.db")
	cfg := emulator.Config{Listen: "127.0.0.1:0", Store: openData(t, data), State: data}
	out, stop := startRun(t, cfg)
	access, secret := out["DCM_ACCESS_KEY"], out["DCM_SECRET_KEY"]
	if len(access) != 20 || strings.ToUpper(access) != access || len(secret) != 40 {
		t.Fatalf("generated keys %q / %q have the wrong shape", access, secret)
	}
	resp := signedGet(t, out["DCM_ENDPOINT"], "geography/Cloud", access, secret)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("signed GET with the printed keys: %s", resp.Status)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := cfg.Store.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart is a new process: a new handle on the same file.
	cfg.Store = openData(t, data)
	out, stop = startRun(t, cfg)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	if _, printed := out["DCM_SECRET_KEY"]; printed {
		t.Error("the secret was printed again on restart")
	}
	if out["DCM_ACCESS_KEY"] != access {
		t.Errorf("restart uses key %q, want %q", out["DCM_ACCESS_KEY"], access)
	}
	resp = signedGet(t, out["DCM_ENDPOINT"], "geography/Cloud", access, secret)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("old keys after restart: %s", resp.Status)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, cfg := range []emulator.Config{
		{Listen: "127.0.0.1:0", AccessKey: "ONLYACCESS"},
		{Listen: "127.0.0.1:0", Auth: "maybe"},
		{Listen: "127.0.0.1:0", JobMode: "sometimes"},
		{Listen: "127.0.0.1:0", SeedFile: filepath.Join(t.TempDir(), "missing.json")},
	} {
		if err := emulator.Run(ctx, cfg, io.Discard); err == nil {
			t.Errorf("Run(%+v) succeeded", cfg)
		}
	}
}

func TestParseJobMode(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"immediate": "immediate", "polls:3": "polls", "duration:5s": "duration", "fail:boom": "fail", "fail": "fail"} {
		m, err := emulator.ParseJobMode(in)
		if err != nil || m.Mode != want {
			t.Errorf("ParseJobMode(%q) = %+v, %v", in, m, err)
		}
	}
	for _, bad := range []string{"", "polls", "polls:0", "duration:-1s", "immediate:now", "later"} {
		if _, err := emulator.ParseJobMode(bad); err == nil {
			t.Errorf("ParseJobMode(%q) accepted", bad)
		}
	}
}

// localDo sends one request signed with the demo key to a --local
// emulator and returns its answer, body closed.
func localDo(t *testing.T, rt http.RoundTripper, cfg emulator.LocalAccess, method, target, body string) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, target, rd)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	signHeaders(req, seed.APIKey{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey}, timeNow(), testAgent)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// localOver serves the --local emulator over a new handle on the state
// file at path.
func localOver(t *testing.T, path string) (http.RoundTripper, emulator.LocalAccess, store.Store) {
	t.Helper()
	st, err := open.Local(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	rt, access, err := emulator.Local(t.Context(), st)
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return rt, access, st
}

func TestLocalPersistsAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "local.db")
	rt, cfg, st := localOver(t, path)
	do := func(rt http.RoundTripper, method, rel, body string) *http.Response {
		t.Helper()
		return localDo(t, rt, cfg, method, cfg.Endpoint+"/"+rel, body)
	}
	if resp := do(rt, http.MethodPost, "admin/Group", `{"addGroup":{"group":{"name":"local","description":"x"}}}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %s", resp.Status)
	}
	count := func(rt http.RoundTripper) string {
		return do(rt, http.MethodHead, "admin/Group", "").Header.Get("x-es-count")
	}
	before := count(rt)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	rt2, cfg2, st2 := localOver(t, path)
	defer st2.Close()
	if cfg2.AccessKey != cfg.AccessKey || cfg2.Endpoint != cfg.Endpoint {
		t.Errorf("config changed between opens: %v vs %v", cfg2, cfg)
	}
	if got := count(rt2); got != before {
		t.Errorf("second open sees %s groups, want %s", got, before)
	}
}

// A --local state file opened again (prepared already, so the seed is not
// parsed at start) still resets to the built-in seed with the demo key.
func TestLocalResetAfterReopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "local.db")
	_, _, st := localOver(t, path)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	rt, cfg, st := localOver(t, path)
	defer st.Close()
	do := func(method, target, body string) *http.Response {
		t.Helper()
		return localDo(t, rt, cfg, method, target, body)
	}
	groups := func() string { return do(http.MethodHead, cfg.Endpoint+"/admin/Group", "").Header.Get("x-es-count") }
	seeded := groups()
	if resp := do(http.MethodPost, cfg.Endpoint+"/admin/Group", `{"addGroup":{"group":{"name":"gone","description":"x"}}}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %s", resp.Status)
	}
	if resp := do(http.MethodPost, emulator.LocalBaseURL+"/_emulator/reset", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %s", resp.Status)
	}
	if got := groups(); got != seeded || got == "" {
		t.Errorf("after the reset %q groups, want the seed's %q (the demo key signs)", got, seeded)
	}
}
