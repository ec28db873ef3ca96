package infrastructure_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/geography"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// requests counts the API requests the emulator logged for a path prefix.
func requests(emu *dcmtest.Emulator, method, pathPart string) int {
	n := 0
	for _, r := range emu.Server.Requests() {
		if r.Method == method && strings.Contains(r.Path, pathPart) {
			n++
		}
	}
	return n
}

// seedWithServers is the default seed with copies of its first server
// until the customer has total servers.
func seedWithServers(t *testing.T, total int) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(seed.DefaultJSON(), &doc); err != nil {
		t.Fatal(err)
	}
	res := doc["customers"].([]any)[0].(map[string]any)["resources"].(map[string]any)
	servers := res["Server"].([]any)
	first := servers[0].(map[string]any)
	for i := len(servers); i < total; i++ {
		cp := map[string]any{}
		for k, v := range first {
			cp[k] = v
		}
		cp["serverId"] = 900000 + i
		cp["name"] = fmt.Sprintf("bulk-%04d", i)
		servers = append(servers, cp)
	}
	res["Server"] = servers
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAllMakesOneRequestPerPage(t *testing.T) {
	t.Parallel()
	const total, pageSize = 5000, 1000
	emu := dcmtest.New(t, dcmtest.WithSeedJSON(seedWithServers(t, total)), dcmtest.WithPageSize(pageSize))
	servers := infrastructure.New(emu.Client()).Servers
	filter := infrastructure.ServerFilter{ActiveOnly: new(false)}
	count, err := servers.Count(t.Context(), filter)
	if err != nil {
		t.Fatal(err)
	}
	emu.Server.ResetRequests()
	all, err := servers.All(t.Context(), filter)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != total || count != total {
		t.Fatalf("All returned %d servers, Count %d; want %d", len(all), count, total)
	}
	want := (total + pageSize - 1) / pageSize
	if got := requests(emu, "GET", "infrastructure/Server"); got != want {
		t.Fatalf("All made %d requests, want %d (one per page of %d)", got, want, pageSize)
	}
	seen := map[int64]bool{}
	for _, s := range all {
		if seen[s.ServerID] {
			t.Fatalf("server %d listed twice", s.ServerID)
		}
		seen[s.ServerID] = true
	}
}

func firstServer(t *testing.T, c sdk.Client) *infrastructure.Server {
	t.Helper()
	for s, err := range infrastructure.NewServerService(c).List(t.Context(), infrastructure.ServerFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Fatal("no server seeded")
	return nil
}

func TestLazyReferenceLoadsOnceOnFirstRead(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	c := emu.Client()
	id := firstServer(t, c).ServerID
	emu.Server.ResetRequests()

	ref := infrastructure.New(c).Servers.Ref(id)
	if ref.ID() != id || ref.Loaded() {
		t.Fatalf("fresh ref: id %d, loaded %v", ref.ID(), ref.Loaded())
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Fatalf("building a reference made %d requests, want 0", n)
	}
	var wg sync.WaitGroup
	names := make([]string, 8)
	for i := range names {
		wg.Go(func() {
			name, err := ref.Name(t.Context())
			if err != nil {
				t.Error(err)
			}
			names[i] = name
		})
	}
	wg.Wait()
	status, err := ref.Status(t.Context())
	if err != nil || status == "" {
		t.Fatalf("Status = %q, %v", status, err)
	}
	if n := len(emu.Server.Requests()); n != 1 {
		t.Fatalf("reading the reference 9 times made %d requests, want 1", n)
	}
	if names[0] == "" || names[0] != names[7] {
		t.Fatalf("names %q", names)
	}

	// A reference inside a model loads its own target, once.
	srv, err := ref.Get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Region.Name(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Region.Jurisdiction(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := requests(emu, "GET", "geography/Region"); n != 1 {
		t.Fatalf("region reads made %d requests, want 1", n)
	}
}

func TestLazyReferenceKeepsItsLoadError(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	ref := infrastructure.New(emu.Client()).Servers.Ref(424242)
	_, err := ref.Name(t.Context())
	if !dcm.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
	_, err2 := ref.Description(t.Context())
	if !errors.Is(err2, err) || ref.Err() == nil {
		t.Fatalf("second accessor err = %v, Err() = %v; want the kept load error", err2, ref.Err())
	}
	if n := len(emu.Server.Requests()); n != 1 {
		t.Fatalf("%d requests, want 1 (the error is kept)", n)
	}
	if _, err := ref.Reload(t.Context()); !dcm.IsNotFound(err) {
		t.Fatalf("Reload err = %v", err)
	}
	if n := len(emu.Server.Requests()); n != 2 {
		t.Fatalf("%d requests after Reload, want 2", n)
	}
}

func TestExtendedDetailEmbedsReferences(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	c := emu.Client()
	id := firstServer(t, c).ServerID
	srv, err := infrastructure.New(c).Servers.Get(t.Context(), id, sdk.WithDetails(dcm.DetailsExtended))
	if err != nil {
		t.Fatal(err)
	}
	emu.Server.ResetRequests()
	if !srv.Region.Loaded() {
		t.Fatal("extended answer: region not embedded")
	}
	if name, err := srv.Region.Name(t.Context()); err != nil || name == "" {
		t.Fatalf("region name %q, %v", name, err)
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Fatalf("reading an embedded reference made %d requests", n)
	}
}

func launchRequest(t *testing.T, c sdk.Client) infrastructure.ServerLaunchRequest {
	t.Helper()
	model := firstServer(t, c)
	return infrastructure.ServerLaunchRequest{
		Name: "sdk-test", Description: "launched by the SDK test", Budget: model.Budget,
		Product:      sdk.IntID(model.Product.ID()),
		MachineImage: sdk.IntID(model.MachineImage.ID()),
		DataCenter:   sdk.IntID(model.DataCenter.ID()),
	}
}

func TestLaunchWaitRunning(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	if err := emu.Server.SetJobMode(t.Context(), "Server.launch", engine.JobMode{Mode: "polls", Polls: 2}); err != nil {
		t.Fatal(err)
	}
	c := emu.Client()
	servers := infrastructure.New(c).Servers
	job, err := servers.Launch(t.Context(), launchRequest(t, c))
	if err != nil {
		t.Fatal(err)
	}
	if job == nil || job.Status != dcm.JobStatusRunning {
		t.Fatalf("job = %+v", job)
	}
	var statuses []string
	srv, err := servers.Created(t.Context(), job, dcm.WaitOptions{
		Interval: 1, MaxInterval: 1, Progress: func(j dcm.Job) { statuses = append(statuses, j.Status) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Status != "RUNNING" || srv.Name != "sdk-test" {
		t.Fatalf("launched server: status %q name %q", srv.Status, srv.Name)
	}
	if statuses[len(statuses)-1] != dcm.JobStatusComplete {
		t.Fatalf("progress saw %v", statuses)
	}
}

func TestForcedJobErrorCarriesMessage(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	if err := emu.Server.SetJobMode(t.Context(), "Server.launch", engine.JobMode{Mode: "fail", Message: "capacity exhausted in us-west-2a"}); err != nil {
		t.Fatal(err)
	}
	c := emu.Client()
	servers := infrastructure.New(c).Servers
	job, err := servers.Launch(t.Context(), launchRequest(t, c))
	if err != nil {
		t.Fatal(err)
	}
	_, err = servers.Created(t.Context(), job, dcm.WaitOptions{Interval: 1})
	jerr, ok := errors.AsType[*dcm.JobError](err)
	if !ok || jerr.Job.Message != "capacity exhausted in us-west-2a" {
		t.Fatalf("err = %v, want a *dcm.JobError with the job's message", err)
	}
}

func TestValidationHappensBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	c := emu.Client()
	_, err := infrastructure.New(c).Servers.Launch(t.Context(), infrastructure.ServerLaunchRequest{Name: "x", Description: "y", Budget: 1})
	var missing *sdk.MissingFieldError
	if !errors.As(err, &missing) || missing.Field != "product" {
		t.Fatalf("err = %v, want MissingFieldError for product", err)
	}
	_, err = geography.New(c).DataCenters.All(t.Context(), geography.DataCenterFilter{})
	var noFilter *sdk.MissingFilterError
	if !errors.As(err, &noFilter) || noFilter.Filter != "regionId" {
		t.Fatalf("err = %v, want MissingFilterError for regionId", err)
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Fatalf("invalid calls made %d requests", n)
	}
}

func TestGetUnknownIsNotFound(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	_, err := infrastructure.New(emu.Client()).Servers.Get(t.Context(), 777)
	if !dcm.IsNotFound(err) {
		t.Fatalf("err = %v, want 404", err)
	}
}
