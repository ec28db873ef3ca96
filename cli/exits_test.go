package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
)

// Every missing required flag is named in one message, and before the
// configuration is read: without any keys the answer is still the usage
// error (2), not the configuration error (3).
func TestAllMissingFlagsBeforeConfiguration(t *testing.T) {
	t.Parallel()
	res := runEnv(context.Background(), Env{Args: []string{"server", "launch", "--name", "web-3"}, LegacyDir: "-", ConfigDir: t.TempDir()})
	if res.code != ExitUsage {
		t.Fatalf("exit %d, want %d\n%s", res.code, ExitUsage, res.stderr)
	}
	for _, flag := range []string{"--budget", "--product", "--machine-image (--image)", "--data-center (--datacenter)"} {
		if !strings.Contains(res.stderr, flag) {
			t.Errorf("stderr does not name %s:\n%s", flag, res.stderr)
		}
	}
	if strings.Count(res.stderr, "mixcoatl:") != 1 || strings.Contains(res.stderr, "--name") {
		t.Errorf("want one message naming only what is missing:\n%s", res.stderr)
	}
	list := runEnv(context.Background(), Env{Args: []string{"relational-database-product", "list"}, LegacyDir: "-", ConfigDir: t.TempDir()})
	if list.code != ExitUsage || !strings.Contains(list.stderr, "--region-id and --engine are required") {
		t.Errorf("exit %d\n%s", list.code, list.stderr)
	}
	// With the flags given, the missing keys are what is wrong.
	cfg := runEnv(context.Background(), Env{Args: []string{"server", "list"}, LegacyDir: "-", ConfigDir: t.TempDir()})
	if cfg.code != ExitConfig {
		t.Errorf("no keys: exit %d, want %d\n%s", cfg.code, ExitConfig, cfg.stderr)
	}
}

// A --query that fails on the data is a usage error; the partial results
// of a multi-id get are printed before its refusals.
func TestQueryErrorsAndPartialGets(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	q := runResource(t, emu, nil, "server", "list", "--query", ".[] | .name.first")
	if q.code != ExitUsage || !strings.Contains(q.stderr, "--query") {
		t.Errorf("jq runtime error: exit %d\n%s", q.code, q.stderr)
	}
	got := runResource(t, emu, nil, "server", "get", "331810", "999999", "334367", "888888", "-o", "csv", "--columns", "serverId")
	if got.code != ExitAPI || got.stdout != "serverId\n331810\n334367\n" {
		t.Errorf("exit %d, stdout %q", got.code, got.stdout)
	}
	if strings.Count(got.stderr, "mixcoatl: ") != 2 || !strings.Contains(got.stderr, "999999") || !strings.Contains(got.stderr, "888888") {
		t.Errorf("stderr should report each missing id:\n%s", got.stderr)
	}
}

// A verb typo gets a suggestion.
func TestVerbSuggestions(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"server lsit":     `did you mean list?`,
		"server terminat": `did you mean terminate?`,
		"volume atach":    `did you mean attach or detach?`,
	} {
		res := runCLI(t, nil, "", strings.Fields(args)...)
		if res.code != ExitUsage || !strings.Contains(res.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q", args, res.code, res.stderr)
		}
	}
}
