package dcmtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
)

func TestClientTalksToTheEmulator(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	ctx := context.Background()
	c := emu.Client()
	if want := dcmtest.BaseURL + "/api/enstratus/" + catalog.Load().DefaultVersion; emu.Config.Endpoint != want {
		t.Errorf("endpoint = %q, want %q", emu.Config.Endpoint, want)
	}
	resp, err := c.Get(ctx, "geography/Cloud", nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	if err := json.Unmarshal(resp.Body, &doc); err != nil || len(doc["clouds"]) == 0 {
		t.Fatalf("clouds: %v %s", err, resp.Body)
	}
	if resp.RequestID == "" || resp.Version != catalog.Load().DefaultVersion {
		t.Errorf("request id %q, version %q", resp.RequestID, resp.Version)
	}
	n, err := c.Count(ctx, "geography/Cloud", nil)
	if err != nil || n != len(doc["clouds"]) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(doc["clouds"]))
	}
	v, err := c.APIVersions(ctx)
	if err != nil || v.Current != catalog.Load().CurrentVersion {
		t.Errorf("APIVersions = %+v, %v", v, err)
	}
	_, err = c.Get(ctx, "geography/Region/0", nil)
	if !dcm.IsNotFound(err) {
		t.Errorf("missing region: %v, want a 404 APIError", err)
	}
}

func TestRequestBodiesAndConcurrency(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	c := emu.Client()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			body := `{"addGroup":{"group":{"name":"g` + strings.Repeat("x", i) + `","description":"d"}}}`
			resp, err := c.Do(ctx, &dcm.Request{Method: http.MethodPost, Path: "admin/Group", Body: []byte(body)})
			if err == nil && resp.StatusCode != http.StatusCreated {
				t.Errorf("status %d", resp.StatusCode)
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := len(emu.Server.Requests()); got != 16 {
		t.Errorf("%d requests logged, want 16", got)
	}
}

func TestPagesFollowPagination(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t, dcmtest.WithPageSize(4))
	c := emu.Client()
	ctx := context.Background()
	total, err := c.Count(ctx, "geography/Region", nil)
	if err != nil {
		t.Fatal(err)
	}
	seen, pages := 0, 0
	for resp, err := range c.Pages(ctx, &dcm.Request{Method: http.MethodGet, Path: "geography/Region"}) {
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string][]json.RawMessage
		if err := json.Unmarshal(resp.Body, &doc); err != nil {
			t.Fatal(err)
		}
		seen += len(doc["regions"])
		pages++
	}
	if seen != total || pages != (total+3)/4 {
		t.Errorf("saw %d regions in %d pages, want %d in %d", seen, pages, total, (total+3)/4)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	now := time.Date(2014, 7, 30, 9, 0, 0, 0, time.UTC)
	emu := dcmtest.New(t, dcmtest.WithClock(func() time.Time { return now }))
	if _, err := emu.Client().Get(context.Background(), "geography/Cloud", nil); err != nil {
		t.Fatalf("a client on the emulator's clock must be accepted: %v", err)
	}
	// A client on the real clock is years away from the emulator's.
	_, err := emu.Client(dcm.WithClock(time.Now)).Get(context.Background(), "geography/Cloud", nil)
	if !dcm.IsForbidden(err) {
		t.Errorf("skewed client: %v, want 403", err)
	}

	off := dcmtest.New(t, dcmtest.WithAuth(emulator.AuthOff))
	resp, err := off.HTTPClient().Get(off.Config.Endpoint + "/geography/Cloud")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("unsigned request with auth off: %s", resp.Status)
	}

	other := seed.Default()
	other.Customers = other.Customers[1:]
	doc, err := json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	custom := dcmtest.New(t, dcmtest.WithSeedJSON(doc))
	if custom.Config.AccessKey != other.Customers[0].APIKey.AccessKey {
		t.Errorf("key %q, want the seed's first customer's", custom.Config.AccessKey)
	}
	if _, err := custom.Client().Get(context.Background(), "geography/Cloud", nil); err != nil {
		t.Error(err)
	}
}

func TestStartWithoutATest(t *testing.T) {
	t.Parallel()
	emu, stop, err := dcmtest.Start(dcmtest.WithJobMode("Volume", engine.JobMode{Mode: "immediate"}))
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	ctx := context.Background()
	modes, err := emu.Server.JobModes(ctx)
	if err != nil || modes["Volume"].Mode != "immediate" {
		t.Errorf("job modes %v, %v; want Volume immediate", modes, err)
	}
	if _, err := emu.Client().Get(ctx, "geography/Cloud", nil); err != nil {
		t.Fatal(err)
	}
	stop()
	if _, err := emu.Client().Get(ctx, "geography/Cloud", nil); err == nil {
		t.Error("a stopped emulator still answered")
	}

	if _, _, err := dcmtest.Start(dcmtest.WithSeedJSON([]byte("{"))); err == nil || !strings.HasPrefix(err.Error(), "dcmtest: ") {
		t.Errorf("bad seed: %v, want a dcmtest error", err)
	}
	if _, _, err := dcmtest.Start(dcmtest.WithJobMode("Nothing", engine.JobMode{Mode: "immediate"})); err == nil {
		t.Error("a job mode for an unknown resource was accepted")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Client with a rejected option did not panic")
			}
		}()
		emu.Client(dcm.WithUserAgent("bad:agent"))
	}()
}

// WithImmediateJobs finishes jobs before their 202: the job an attach
// answers with is already COMPLETE, with no engine import in the test.
func TestWithImmediateJobs(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t, dcmtest.WithImmediateJobs())
	c := emu.Client()
	resp, err := c.Do(t.Context(), &dcm.Request{
		Method: http.MethodPut, Path: "infrastructure/Volume/5102",
		Body: []byte(`{"attach":[{"server":{"serverId":331810}}]}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Jobs []dcm.Job `json:"jobs"`
	}
	if err := json.Unmarshal(resp.Body, &doc); err != nil || len(doc.Jobs) != 1 {
		t.Fatalf("answer %s, %v", resp.Body, err)
	}
	job, err := dcm.Wait(t.Context(), c, doc.Jobs[0].JobID, dcm.WaitOptions{})
	if err != nil || job.Status != dcm.JobStatusComplete {
		t.Fatalf("job %+v, %v", job, err)
	}
	polls := 0
	for _, r := range emu.Server.Requests() {
		if strings.Contains(r.Path, "admin/Job/") {
			polls++
		}
	}
	if polls != 1 {
		t.Errorf("%d polls, want the first to find the job done", polls)
	}
}
