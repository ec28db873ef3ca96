package console_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/console"
)

// newEmulator is a seeded in-process emulator with its console.
func newEmulator(t testing.TB, edit ...func(*emulator.Options)) *dcmtest.Emulator {
	return dcmtest.New(t, dcmtest.WithServerOptions(func(o *emulator.Options) {
		o.Console = console.New
		for _, e := range edit {
			e(o)
		}
	}))
}

// do sends a console request from loopback, as a browser on this machine.
func do(t testing.TB, e *dcmtest.Emulator, method, path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return send(e, "127.0.0.1:40000", method, path, form, nil, header...)
}

// send sends a console request from a client address, with a form body
// and a cookie when they are not nil, and header pairs.
func send(e *dcmtest.Emulator, from, method, path string, form url.Values, cookie *http.Cookie, header ...string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, "http://127.0.0.1:15000"+path, body)
	r.RemoteAddr = from
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			r.Host = header[i+1]
		}
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	e.Server.ServeHTTP(w, r)
	return w
}

func get(t testing.TB, e *dcmtest.Emulator, path string) string {
	t.Helper()
	w := do(t, e, http.MethodGet, path, nil)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	return w.Body.String()
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// csrfOf reads the console's CSRF token from a page's form.
func csrfOf(t testing.TB, e *dcmtest.Emulator) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(get(t, e, console.Prefix+"faults"))
	if m == nil {
		t.Fatal("the faults page has no CSRF field")
	}
	return m[1]
}

func TestEveryPageRendersServerSide(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	pages := map[string]string{
		"":                                "Customer 10001",
		"resources":                       "ServerProduct",
		"resources/infrastructure/Server": "web-01",
		"resources/infrastructure/Server/331810?details=extended": "regionId",
		"jobs":     "Job",
		"requests": "logged requests",
		"faults":   "Add a rule",
		"keys":     e.Config.AccessKey,
	}
	for path, want := range pages {
		body := get(t, e, console.Prefix+path)
		if !strings.Contains(body, want) {
			t.Errorf("%s: no %q in the page", path, want)
		}
		if !strings.Contains(body, `<main id="main"`) || !strings.Contains(body, `aria-current="page"`) {
			t.Errorf("%s: no main landmark or current navigation item", path)
		}
	}
	// A list links along references and to items; an item to its references.
	list := get(t, e, console.Prefix+"resources/infrastructure/Server")
	for _, want := range []string{`href="/_emulator/ui/resources/infrastructure/Server/331810?`, `href="/_emulator/ui/resources/geography/Region/19344?`, `class="state good"`} {
		if !strings.Contains(list, want) {
			t.Errorf("Server list: no %s", want)
		}
	}
	item := get(t, e, console.Prefix+"resources/infrastructure/Server/331810")
	if !strings.Contains(item, `/_emulator/ui/resources/geography/DataCenter/64351?`) {
		t.Error("Server item: no link to its data centre")
	}
	if w := do(t, e, http.MethodGet, console.Prefix+"resources/infrastructure/Server/999999", nil); w.Code != http.StatusNotFound {
		t.Errorf("missing item: %d", w.Code)
	}
	if w := do(t, e, http.MethodGet, console.Prefix+"resources/nope/Nope", nil); w.Code != http.StatusNotFound {
		t.Errorf("unknown resource: %d", w.Code)
	}
}

func TestEveryResourceOfTheCatalogueHasAPage(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	index := get(t, e, console.Prefix+"resources")
	for _, res := range e.Server.Catalog().Resources {
		if !strings.Contains(index, `href="/_emulator/ui/resources/`+res.Path+`?`) {
			t.Errorf("the index does not link %s", res.Path)
		}
		body := get(t, e, console.Prefix+"resources/"+res.Path)
		if !strings.Contains(body, res.Collection) {
			t.Errorf("%s: the page does not name %s", res.Path, res.Collection)
		}
	}
}

func TestFormsNeedTheCSRFToken(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	rule := url.Values{"status": {"503"}, "pathPrefix": {"/api/"}}
	if w := do(t, e, http.MethodPost, console.Prefix+"faults", rule); w.Code != http.StatusForbidden {
		t.Fatalf("a form without the token: %d, want 403", w.Code)
	}
	rule.Set("csrf", strings.Repeat("0", 32))
	if w := do(t, e, http.MethodPost, console.Prefix+"faults", rule); w.Code != http.StatusForbidden {
		t.Fatalf("a form with a wrong token: %d, want 403", w.Code)
	}
	if n := len(e.Server.Faults()); n != 0 {
		t.Fatalf("refused forms installed %d rules", n)
	}
	rule.Set("csrf", csrfOf(t, e))
	if w := do(t, e, http.MethodPost, console.Prefix+"faults", rule); w.Code != http.StatusSeeOther {
		t.Fatalf("a form with the token: %d %s", w.Code, w.Body)
	}
	if f := e.Server.Faults(); len(f) != 1 || f[0].Status != 503 {
		t.Fatalf("faults after the form: %+v", f)
	}
}

func TestCrossSiteAndRemoteRequestsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	form := url.Values{"csrf": {csrfOf(t, e)}}
	if _, err := e.Server.AddFault(emulator.FaultRule{Status: 503, PathPrefix: "/nowhere"}); err != nil {
		t.Fatal(err)
	}
	for name, header := range map[string][]string{
		"another site's page": {"Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"},
		"a sibling port":      {"Origin", "http://127.0.0.1:9999", "Sec-Fetch-Site", "same-site"},
		"a rebound name":      {"Host", "evil.example:15000"},
	} {
		w := do(t, e, http.MethodPost, console.Prefix+"faults/clear", form, header...)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, w.Code)
		}
	}
	if len(e.Server.Faults()) != 1 {
		t.Error("a refused form cleared the faults")
	}
	w := send(e, "192.0.2.7:40000", http.MethodGet, console.Prefix, nil, nil)
	if w.Code != http.StatusForbidden {
		t.Errorf("a remote client without the token: %d, want 403", w.Code)
	}
}

func TestControlTokenLogin(t *testing.T) {
	t.Parallel()
	const token = "a-control-token-for-the-test"
	e := newEmulator(t, func(o *emulator.Options) { o.ControlToken = token })
	remote := func(method, path string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
		return send(e, "192.0.2.7:40000", method, path, form, cookie)
	}
	w := remote(http.MethodGet, console.Prefix, nil, nil)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), `name="token"`) {
		t.Fatalf("before login: %d %s", w.Code, w.Body)
	}
	if w := remote(http.MethodPost, console.Prefix+"login", url.Values{"token": {"wrong"}}, nil); w.Code != http.StatusForbidden {
		t.Fatalf("a wrong token: %d", w.Code)
	}
	w = remote(http.MethodPost, console.Prefix+"login", url.Values{"token": {token}}, nil)
	cookies := w.Result().Cookies()
	if w.Code != http.StatusSeeOther || len(cookies) != 1 {
		t.Fatalf("login: %d, cookies %v", w.Code, cookies)
	}
	c := cookies[0]
	if strings.Contains(c.Value, token) || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie %+v: must be HttpOnly, SameSite=Strict and not hold the token", c)
	}
	if w := remote(http.MethodGet, console.Prefix, nil, c); w.Code != http.StatusOK {
		t.Fatalf("after login: %d", w.Code)
	}
	c.Value = strings.Repeat("0", len(c.Value))
	if w := remote(http.MethodGet, console.Prefix, nil, c); w.Code != http.StatusUnauthorized {
		t.Fatalf("a forged cookie: %d", w.Code)
	}
}

// readEvents reads an event stream until it holds want (or ends). One
// bufio.Reader per stream: it buffers ahead.
func readEvents(t testing.TB, body *bufio.Reader, want string) string {
	t.Helper()
	var got strings.Builder
	for {
		line, err := body.ReadString('\n')
		got.WriteString(line)
		if strings.Contains(got.String(), want) || err != nil {
			return got.String()
		}
	}
}

// The Jobs page's buttons end a running job; the job mode form sets and
// removes a scope's mode; reset asks first and then wipes and re-seeds.
func TestStateChangingForms(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	csrf := csrfOf(t, e)
	post := func(path string, form url.Values) *httptest.ResponseRecorder {
		t.Helper()
		form.Set("csrf", csrf)
		return do(t, e, http.MethodPost, console.Prefix+path, form)
	}
	if w := post("jobmodes", url.Values{"scope": {"Server.launch"}, "mode": {"polls"}, "polls": {"5"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("set a job mode: %d %s", w.Code, w.Body)
	}
	if w := post("jobmodes", url.Values{"scope": {"Nope"}, "mode": {"polls"}, "polls": {"5"}}); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "unknown resource") {
		t.Fatalf("an unknown scope: %d", w.Code)
	}
	status, body := call(t, e.Client(), http.MethodPost, "infrastructure/Server", launch)
	job := regexp.MustCompile(`"jobId":\s*(\d+)`).FindSubmatch(body)
	if status != http.StatusAccepted || job == nil {
		t.Fatalf("launch: %d %s", status, body)
	}
	page := get(t, e, console.Prefix+"jobs")
	if !strings.Contains(page, `action="/_emulator/ui/jobs/`+string(job[1])+`"`) {
		t.Fatal("the running job has no Complete/Fail form")
	}
	if w := post("jobs/"+string(job[1]), url.Values{"status": {"ERROR"}, "message": {"failed from the console"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("fail the job: %d %s", w.Code, w.Body)
	}
	_, body = call(t, e.Client(), http.MethodGet, "admin/Job/"+string(job[1]), "")
	if !strings.Contains(string(body), `"ERROR"`) || !strings.Contains(string(body), "failed from the console") {
		t.Fatalf("the job after Fail: %s", body)
	}
	if w := post("jobmodes", url.Values{"scope": {"Server.launch"}, "mode": {""}}); w.Code != http.StatusSeeOther {
		t.Fatalf("remove the job mode: %d", w.Code)
	}
	if modes, _ := e.Server.JobModes(context.Background()); len(modes) != 0 {
		t.Fatalf("job modes left: %v", modes)
	}

	if w := post("reset", url.Values{}); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `name="confirm" value="yes"`) {
		t.Fatalf("reset without confirmation: %d, want the confirmation page", w.Code)
	}
	jobRow := `id="job-` + string(job[1]) + `"`
	if !strings.Contains(get(t, e, console.Prefix+"jobs"), jobRow) {
		t.Fatal("reset without confirmation wiped the state")
	}
	if w := post("reset", url.Values{"confirm": {"yes"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("reset: %d", w.Code)
	}
	if strings.Contains(get(t, e, console.Prefix+"jobs"), jobRow) {
		t.Fatal("the failed launch's job survived the reset")
	}
}
