package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/console"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/internal/cdp"
)

// launch is a Server launch the default seed accepts.
const launch = `{"launch":[{"name":"browser-test","description":"launched by the browser test","budget":1512,` +
	`"product":{"productId":615},"machineImage":{"machineImageId":300},"dataCenter":{"dataCenterId":64351}}]}`

// session is one browser on one emulator.
type session struct {
	t     *testing.T
	ctx   context.Context
	e     *dcmtest.Emulator
	base  string // http://127.0.0.1:port
	page  *cdp.Page
	api   *dcm.Client
	shots string
}

func start(t *testing.T) *session {
	path, err := cdp.Find()
	if err != nil {
		t.Skipf("browser tests skipped: %v; install Debian's chromium package (.ci/run does) or set MIXCOATL_CHROMIUM", err)
	}
	e := dcmtest.New(t,
		dcmtest.WithServerOptions(func(o *emulator.Options) { o.Console = console.New }),
		dcmtest.WithJobMode("Server.launch", engine.JobMode{Mode: "polls", Polls: 1}))
	ts := httptest.NewServer(e.Server)
	t.Cleanup(ts.Close)
	cfg := e.Config
	cfg.Endpoint = ts.URL + dcm.APIBasePath + "/" + cfg.APIVersion
	api, err := dcm.New(cfg, dcm.WithRetry(dcm.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	b, err := cdp.Launch(path, t.TempDir(), &log)
	if err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	t.Cleanup(func() {
		_ = b.Close()
		if t.Failed() {
			t.Logf("browser log:\n%s", log.String())
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	page, err := b.NewPage(ctx)
	if err != nil {
		t.Fatalf("open a page in %s: %v", path, err)
	}
	shots := os.Getenv("MIXCOATL_SCREENSHOTS")
	if shots == "" {
		shots = filepath.Join(t.TempDir(), "screenshots")
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	return &session{t: t, ctx: ctx, e: e, base: ts.URL, page: page, api: api, shots: shots}
}

func (s *session) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

func (s *session) open(path string) {
	s.t.Helper()
	s.must(s.page.Navigate(s.ctx, s.base+console.Prefix+path))
}

func (s *session) eval(expr string) string {
	s.t.Helper()
	var out any
	s.must(s.page.Eval(s.ctx, expr, &out))
	return fmt.Sprint(out)
}

func (s *session) waitFor(condition string) {
	s.t.Helper()
	s.must(s.page.WaitFor(s.ctx, condition))
}

// do runs a script that leads to another page and waits for it.
func (s *session) do(script string) {
	s.t.Helper()
	s.must(s.page.Do(s.ctx, script))
}

func (s *session) shot(name string) {
	s.t.Helper()
	png, err := s.page.Screenshot(s.ctx, true)
	s.must(err)
	s.must(os.WriteFile(filepath.Join(s.shots, name+".png"), png, 0o644))
}

func (s *session) html() string {
	s.t.Helper()
	h, err := s.page.HTML(s.ctx)
	s.must(err)
	return h
}

// call sends an API request as the seeded customer, over HTTP.
func (s *session) call(method, path, body string) (int, []byte) {
	s.t.Helper()
	req := &dcm.Request{Method: method, Path: path}
	if body != "" {
		req.Body = []byte(body)
	}
	resp, err := s.api.Do(s.ctx, req)
	var ae *dcm.APIError
	switch {
	case errors.As(err, &ae):
		return ae.StatusCode, []byte(ae.Message)
	case err != nil:
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, resp.Body
}

func TestConsoleInChromium(t *testing.T) {
	s := start(t)
	keys, err := emulator.Keys(s.ctx, s.e.Store)
	s.must(err)

	// Every page renders, with its heading, and holds no secret key.
	pages := []struct{ path, name, heading string }{
		{"", "overview", "Overview"},
		{"resources", "resources", "Resources"},
		{"resources/infrastructure/Server", "servers", "servers"},
		{"resources/infrastructure/Server/331810?details=extended", "server", "Server 331810"},
		{"jobs", "jobs", "Jobs"},
		{"requests", "requests", "Requests"},
		{"faults", "faults", "Faults"},
		{"keys", "keys", "Keys"},
	}
	for _, p := range pages {
		s.open(p.path)
		if h := s.eval(`document.querySelector("h1").textContent`); h != p.heading {
			t.Errorf("%s: heading %q, want %q", p.path, h, p.heading)
		}
		page := s.html()
		for _, k := range keys {
			if strings.Contains(page, k.SecretKey) {
				t.Errorf("%s: the page holds customer %d's secret key", p.path, k.Customer)
			}
		}
		s.shot(p.name)
	}

	// A server launched through the API: its job appears and completes
	// live on the Jobs page, and the server is in Resources.
	s.open("jobs")
	s.waitFor(`document.querySelector("[data-live]").textContent.startsWith("Live")`)
	status, body := s.call(http.MethodPost, "infrastructure/Server", launch)
	if status != http.StatusAccepted {
		t.Fatalf("launch: %d %s", status, body)
	}
	m := regexp.MustCompile(`"jobId":\s*(\d+)`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no job in %s", body)
	}
	job := string(m[1])
	s.waitFor(`document.querySelector("#job-` + job + `[data-status=RUNNING] button[value=COMPLETE]")`)
	if status, _ := s.call(http.MethodGet, "admin/Job/"+job, ""); status != http.StatusOK {
		t.Fatalf("poll the job: %d", status)
	}
	s.waitFor(`document.querySelector("#job-` + job + `[data-status=COMPLETE]")`)
	s.waitFor(`document.querySelector("#timeline").textContent.includes("job ` + job + `")`)
	if tl := s.eval(`document.querySelector("#timeline li").textContent`); !strings.Contains(tl, "RUNNING → ") || !strings.Contains(tl, "COMPLETE") {
		t.Errorf("timeline entry %q: want RUNNING → COMPLETE", tl)
	}
	s.shot("jobs-live")
	if readme := os.Getenv("MIXCOATL_README_SCREENSHOT"); readme != "" {
		png, err := s.page.Screenshot(s.ctx, false) // the window only: small
		s.must(err)
		s.must(os.WriteFile(readme, png, 0o644))
	}
	s.open("resources/infrastructure/Server")
	if !strings.Contains(s.html(), "browser-test") {
		t.Error("the launched server is not in the Server list")
	}
	s.eval(`document.querySelector("thead th:nth-child(2) button").click()`)
	if got := s.eval(`document.querySelector("thead th:nth-child(2)").getAttribute("aria-sort")`); got != "ascending" {
		t.Errorf("sorting by name: aria-sort %q", got)
	}

	// A 503 fault added in Faults fails a client's request, which shows
	// red in Requests, live.
	s.open("faults")
	s.do(`(function () {
		var f = document.getElementById("addfault");
		f.pathPrefix.value = "/api/enstratus/"; f.pathRegex.value = "Region$"; f.status.value = "503";
		f.message.value = "injected from the console"; f.submit();
	})()`)
	if rules := s.e.Server.Faults(); len(rules) != 1 || rules[0].Status != 503 {
		t.Fatalf("fault rules after the form: %+v", rules)
	}
	s.shot("faults-added")
	s.open("requests")
	s.waitFor(`document.querySelector("[data-live]").textContent.startsWith("Live")`)
	if status, _ := s.call(http.MethodGet, "geography/Region", ""); status != http.StatusServiceUnavailable {
		t.Fatalf("a request under the fault: %d, want 503", status)
	}
	s.waitFor(`document.querySelector("#reqrows tr[data-status='503']")`)
	color := s.eval(`getComputedStyle(document.querySelector("#reqrows tr[data-status='503'] .state")).color`)
	if color != "rgb(176, 0, 32)" {
		t.Errorf("the 503 shows in %s, want red rgb(176, 0, 32)", color)
	}
	s.shot("requests-live")
	s.do(`document.querySelector("#reqrows tr[data-status='503'] a").click()`)
	detail := s.html()
	for _, want := range []string{"injected from the console", "REDACTED", "503"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the request's detail has no %q", want)
		}
	}
	s.shot("request-detail")

	// A form posted from another site's page is refused, even with the
	// right CSRF token: the fault stays.
	s.open("faults")
	token := regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`).FindStringSubmatch(s.html())
	if token == nil {
		t.Fatal("no CSRF token on the faults page")
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><form id="f" method="post" action="%s"><input name="csrf" value="%s"></form>`,
			html.EscapeString(s.base+console.Prefix+"faults/clear"), token[1])
	}))
	defer evil.Close()
	port := evil.URL[strings.LastIndexByte(evil.URL, ':')+1:]
	s.must(s.page.Navigate(s.ctx, "http://localhost:"+port+"/"))
	s.do(`document.getElementById("f").submit()`)
	if body := s.eval(`document.body.textContent`); !strings.Contains(body, "refused") {
		t.Errorf("the cross-site form's answer: %q", body)
	}
	if n := len(s.e.Server.Faults()); n != 1 {
		t.Fatalf("a cross-site form cleared the faults (%d left)", n)
	}

	// Remove the rule; reset from the console (confirmed in the dialog).
	s.open("faults")
	s.do(`document.querySelector("form[action$='/delete'] button").click()`)
	if n := len(s.e.Server.Faults()); n != 0 {
		t.Fatalf("%d fault rules after removing the only one", n)
	}
	s.eval(`window.confirm = function () { return true; }; 1`)
	s.do(`document.querySelector("form[data-confirm] button").click()`)
	if got := s.eval(`document.querySelector("[role=status]") && document.querySelector("[role=status]").textContent`); !strings.Contains(got, "reset") {
		t.Errorf("after reset: status %q", got)
	}
	s.shot("after-reset")
	s.open("resources/infrastructure/Server")
	if strings.Contains(s.html(), "browser-test") {
		t.Error("the launched server survived the reset")
	}

	// Keys: a secret only after its Reveal button.
	s.open("keys")
	s.do(`document.querySelector("form[action$='keys/reveal'] button").click()`)
	revealed := s.html()
	if !strings.Contains(revealed, keys[0].SecretKey) {
		t.Error("Reveal did not show the secret key")
	}
	for _, k := range keys[1:] {
		if strings.Contains(revealed, k.SecretKey) {
			t.Errorf("Reveal of one key showed customer %d's secret too", k.Customer)
		}
	}
	t.Logf("%d pages checked as customer %s", len(pages), strconv.FormatInt(keys[0].Customer, 10))
}
