package console_test

import (
	"bufio"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/console"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

func apiRequest(method, path, body string) *dcm.Request {
	r := &dcm.Request{Method: method, Path: path}
	if body != "" {
		r.Body = []byte(body)
	}
	return r
}

// call sends a signed API request and returns its status and body.
func call(t testing.TB, c *dcm.Client, method, path, body string) (int, []byte) {
	t.Helper()
	resp, err := c.Do(context.Background(), apiRequest(method, path, body))
	var ae *dcm.APIError
	switch {
	case errors.As(err, &ae):
		return ae.StatusCode, []byte(ae.Message)
	case err != nil:
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, resp.Body
}

var links = regexp.MustCompile(`href="(/_emulator/ui/[^"#]*)"`)

// No page's HTML and no event stream holds a secret key — not the seeded
// customers', not one generated through the API (whose 201 answer carries
// it) — except the Keys page's answer to that key's Reveal button.
func TestNoSecretKeyInAnyPageOrStream(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	keys, err := emulator.Keys(context.Background(), e.Store)
	if err != nil || len(keys) < 2 {
		t.Fatalf("keys: %v %v", keys, err)
	}
	ts := httptest.NewServer(e.Server)
	t.Cleanup(ts.Close) // after the streams close (cleanups run last first)
	streams := map[string]*bufio.Reader{}
	for _, path := range []string{"requests/events", "jobs/events"} {
		streams[path] = openStream(t, ts.URL+console.Prefix+path)
	}
	// The requests stream is subscribed once its first comment arrives.
	readEvents(t, streams["requests/events"], "retry:")
	c := e.Client()
	status, body := call(t, c, http.MethodPost, "admin/ApiKey", `{"generateApiKey":[{"name":"console test key","description":"its secret is in this answer only"}]}`)
	if status != http.StatusCreated {
		t.Fatalf("generateApiKey: %d %s", status, body)
	}
	m := regexp.MustCompile(`"secretKey":\s*"([^"]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("the 201 answer has no secretKey: %s", body)
	}
	secrets := []string{string(m[1])}
	for _, k := range keys {
		secrets = append(secrets, k.SecretKey)
	}
	checkNoSecret := func(where, text string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s holds a secret key", where)
			}
		}
	}
	events := readEvents(t, streams["requests/events"], "admin/ApiKey")
	if !strings.Contains(events, "event: row") {
		t.Fatalf("the request stream sent no row: %q", events)
	}
	checkNoSecret("the request event stream", events)
	checkNoSecret("the job event stream", readEvents(t, streams["jobs/events"], "event: rows"))

	// Every page the console links to from its pages, two links deep, and
	// the detail of every logged request.
	seen := map[string]bool{}
	queue := []string{console.Prefix, console.Prefix + "keys", console.Prefix + "requests"}
	for _, rec := range e.Server.Requests() {
		queue = append(queue, console.Prefix+"requests/"+rec.RequestID)
	}
	for depth := 0; depth < 3 && len(queue) > 0; depth++ {
		var next []string
		for _, path := range queue {
			if seen[path] {
				continue
			}
			seen[path] = true
			page := get(t, e, strings.ReplaceAll(path, "&amp;", "&"))
			checkNoSecret(path, page)
			for _, l := range links.FindAllStringSubmatch(page, -1) {
				if !strings.Contains(l[1], "/static/") {
					next = append(next, l[1])
				}
			}
		}
		queue = next
	}
	if len(seen) < 60 {
		t.Fatalf("crawled only %d pages", len(seen))
	}
	detail := get(t, e, console.Prefix+"requests/"+e.Server.Requests()[0].RequestID)
	if !strings.Contains(detail, "REDACTED") || !strings.Contains(detail, "X-Esauth-Signature") {
		t.Errorf("the detail of a signed request does not show its signature header redacted:\n%s", detail)
	}

	// Reveal shows the one key's secret, in that answer only.
	w := do(t, e, http.MethodPost, console.Prefix+"keys/reveal", url.Values{"csrf": {csrfOf(t, e)}, "accessKey": {keys[1].AccessKey}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), keys[1].SecretKey) {
		t.Fatalf("reveal: %d, secret shown: %v", w.Code, strings.Contains(w.Body.String(), keys[1].SecretKey))
	}
	if strings.Contains(w.Body.String(), keys[0].SecretKey) || w.Header().Get("Cache-Control") != "no-store" {
		t.Error("reveal shows another key's secret, or lets the answer be cached")
	}
	checkNoSecret("the keys page after a reveal", get(t, e, console.Prefix+"keys"))
}

// The live request log sends new requests matching its filter, and the job
// stream sends a status change once a job completes.
func TestLiveStreams(t *testing.T) {
	t.Parallel()
	e := dcmtest.New(t, dcmtest.WithServerOptions(func(o *emulator.Options) { o.Console = console.New }))
	if err := e.Server.SetJobMode(context.Background(), "Server.launch", engine.JobMode{Mode: "polls", Polls: 1}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.Server)
	t.Cleanup(ts.Close) // after the streams close (cleanups run last first)
	reqEvents := openStream(t, ts.URL+console.Prefix+"requests/events?status=5xx")
	readEvents(t, reqEvents, "retry:")
	jobEvents := openStream(t, ts.URL+console.Prefix+"jobs/events")
	readEvents(t, jobEvents, "event: rows")

	c := e.Client()
	if _, err := e.Server.AddFault(emulator.FaultRule{PathPrefix: "/api/enstratus/", PathRegex: "Region", Status: 503}); err != nil {
		t.Fatal(err)
	}
	if status, _ := call(t, c, http.MethodGet, "geography/Region", ""); status != http.StatusServiceUnavailable {
		t.Fatalf("faulted request: %d", status)
	}
	e.Server.ClearFaults()
	row := readEvents(t, reqEvents, "</tr>")
	if !strings.Contains(row, `data-status="503"`) || !strings.Contains(row, `class="req bad"`) {
		t.Fatalf("the 503 row: %q", row)
	}

	status, body := call(t, c, http.MethodPost, "infrastructure/Server", launch)
	if status != http.StatusAccepted {
		t.Fatalf("launch: %d %s", status, body)
	}
	jobID := regexp.MustCompile(`"jobId":\s*(\d+)`).FindSubmatch(body)
	running := readEvents(t, jobEvents, `data-status="RUNNING"`)
	if !strings.Contains(running, "job-"+string(jobID[1])) {
		t.Fatalf("the job stream does not show job %s running: %q", jobID[1], running)
	}
	if status, _ := call(t, c, http.MethodGet, "admin/Job/"+string(jobID[1]), ""); status != http.StatusOK {
		t.Fatalf("poll: %d", status)
	}
	change := readEvents(t, jobEvents, "event: change")
	change += readEvents(t, jobEvents, "</li>")
	if !strings.Contains(change, "RUNNING → ") || !strings.Contains(change, "COMPLETE") {
		t.Fatalf("no status change in the timeline: %q", change)
	}
}

// launch is a Server launch the default seed accepts.
const launch = `{"launch":[{"name":"console-test","description":"launched by the console tests","budget":1512,` +
	`"product":{"productId":615},"machineImage":{"machineImageId":300},"dataCenter":{"dataCenterId":64351}}]}`

// openStream opens an event stream, closed when the test ends.
func openStream(t *testing.T, url string) *bufio.Reader {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return bufio.NewReader(resp.Body)
}
