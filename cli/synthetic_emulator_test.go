package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/internal/synthetic"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// The same synthetic resource, served by the emulator on the copied
// catalogue instead of a hand-written server: the SDK's executor, the
// command line and the emulator all support a resource that only the
// catalogue describes. Adding a resource takes the catalogue entry and a
// test, no code.
func TestSyntheticResourceThroughTheEmulator(t *testing.T) {
	t.Parallel()
	cat, err := synthetic.Catalog(synthetic.Widget)
	if err != nil {
		t.Fatal(err)
	}
	emu := dcmtest.New(t, dcmtest.WithCatalog(cat), dcmtest.WithJobMode("", engine.JobMode{Mode: "immediate"}))
	ctx := context.Background()
	run := func(args ...string) result {
		t.Helper()
		env := emulatorEnv(emu, args...)
		env.Catalog = cat
		return runEmulator(t, ctx, emu, env)
	}
	create := func(args ...string) int64 {
		t.Helper()
		got := run(append([]string{"widget", "create", "-o", "json"}, args...)...)
		var items []map[string]any
		if err := json.Unmarshal([]byte(got.stdout), &items); err != nil || got.code != ExitOK || len(items) != 1 {
			t.Fatalf("create %v: exit %d, %v\n%s%s", args, got.code, err, got.stdout, got.stderr)
		}
		id, _ := items[0]["widgetId"].(float64)
		if id == 0 {
			t.Fatalf("create %v: no widgetId in %s", args, got.stdout)
		}
		return int64(id)
	}
	one := create("--name", "gizmo-one", "--colour", "red")
	two := create("--name", "gizmo-two", "--colour", "blue")

	if got := run("gizmos", "list", "-o", "json"); got.code != ExitOK || strings.Count(got.stdout, `"widgetId"`) != 2 {
		t.Errorf("list: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	if got := run("widget", "get", strconv.FormatInt(two, 10), "-o", "json"); got.code != ExitOK || !strings.Contains(got.stdout, `"blue"`) {
		t.Errorf("get: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	if got := run("widget", "count"); got.code != ExitOK || strings.TrimSpace(got.stdout) != "2" {
		t.Errorf("count: exit %d, %q\n%s", got.code, got.stdout, got.stderr)
	}
	spin := run("widget", "twirl", strconv.FormatInt(one, 10), "--turns", "2", "--partner", "gizmo-two", "--wait", "-o", "json")
	if spin.code != ExitOK || !strings.Contains(spin.stdout, `"gizmo-one"`) {
		t.Errorf("spin --wait: exit %d\n%s%s", spin.code, spin.stdout, spin.stderr)
	}
	var sent string
	for _, r := range emu.Server.Requests() {
		if r.Method == "PUT" && strings.HasSuffix(r.Path, "/platform/Widget/"+strconv.FormatInt(one, 10)) {
			sent = r.Path
		}
	}
	if sent == "" {
		t.Error("the spin was not sent to the emulator")
	}
	if got := run("widget", "delete", strconv.FormatInt(two, 10), "--reason", "old", "--yes"); got.code != ExitOK {
		t.Errorf("delete: exit %d\n%s", got.code, got.stderr)
	}
	if got := run("widget", "delete", strconv.FormatInt(one, 10), "--yes"); got.code != ExitUsage || !strings.Contains(got.stderr, "--reason is required") {
		t.Errorf("delete without its required parameter: exit %d\n%s", got.code, got.stderr)
	}

	// The SDK's untyped core on the same resource, no generated type.
	res, _ := cat.Resource("Widget")
	raw, err := sdk.GetItem(ctx, emu.Client(), res, strconv.FormatInt(one, 10), nil)
	if err != nil || !strings.Contains(string(raw), `"gizmo-one"`) {
		t.Errorf("sdk.GetItem: %v %s", err, raw)
	}
	n, err := sdk.CountItems(ctx, emu.Client(), res, nil)
	if err != nil || n != 1 {
		t.Errorf("sdk.CountItems = %d, %v; want 1 after the delete", n, err)
	}
}
