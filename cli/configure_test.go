package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

const (
	cfgEndpoint = "https://dcm.example.com/api/enstratus/2015-05-25"
	cfgAccess   = "ABCDEFGHIJKLMNOPQRST"
	cfgSecret   = "s3cr3t-very-private-value"
)

// ttyReader is standard input that says it is a terminal, so configure
// prompts.
type ttyReader struct{ *strings.Reader }

func (ttyReader) IsTerminal() bool { return true }

// runConfigureCLI runs one command with a given config directory and stdin.
func runConfigureCLI(t *testing.T, dir string, vars map[string]string, stdin interface{ Read([]byte) (int, error) }, args ...string) result {
	t.Helper()
	return runEnv(context.Background(), Env{
		Args: args, Stdin: stdin,
		Getenv:    func(k string) string { return vars[k] },
		ConfigDir: dir, LegacyDir: "-",
	})
}

func loadProfile(t *testing.T, dir, name string) dcm.Config {
	t.Helper()
	cfg, err := dcm.LoadConfig(dcm.LoadOptions{Getenv: func(string) string { return "" }, ConfigDir: dir, LegacyDir: "-", Profile: name})
	if err != nil {
		t.Fatalf("LoadConfig(%s): %v", name, err)
	}
	return cfg
}

func TestConfigureNonInteractive(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runConfigureCLI(t, dir, nil, strings.NewReader(cfgSecret+"\n"),
		"configure", "--profile", "prod", "--endpoint", cfgEndpoint, "--access-key", cfgAccess, "--secret-key-stdin", "--ssl-verify=false", "--default")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout+r.stderr, cfgSecret) {
		t.Fatalf("the secret was printed:\n%s%s", r.stdout, r.stderr)
	}
	info, err := os.Stat(filepath.Join(dir, dcm.ConfigFileName))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file: %v, mode %v", err, info.Mode())
	}
	cfg := loadProfile(t, dir, "")
	if cfg.Endpoint != cfgEndpoint || cfg.AccessKey != cfgAccess || cfg.SecretKey != cfgSecret || !cfg.InsecureSkipVerify {
		t.Errorf("default profile loads as %v (secret ok: %t)", cfg, cfg.SecretKey == cfgSecret)
	}

	// Updating one value keeps the others, the secret included.
	r = runConfigureCLI(t, dir, nil, nil, "configure", "--profile", "prod", "--access-key", "ZZZZZZZZZZZZZZZZZZZZ")
	if r.code != ExitOK {
		t.Fatalf("update: exit %d: %s", r.code, r.stderr)
	}
	if cfg := loadProfile(t, dir, "prod"); cfg.AccessKey != "ZZZZZZZZZZZZZZZZZZZZ" || cfg.SecretKey != cfgSecret || cfg.Endpoint != cfgEndpoint {
		t.Errorf("after update: %v", cfg)
	}
}

func TestConfigureSecretFromEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runConfigureCLI(t, dir, map[string]string{"ES_SECRET_KEY": cfgSecret}, nil,
		"configure", "--endpoint", cfgEndpoint, "--access-key", cfgAccess)
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if cfg := loadProfile(t, dir, "default"); cfg.SecretKey != cfgSecret || cfg.InsecureSkipVerify {
		t.Errorf("profile default: %v", cfg)
	}
}

func TestConfigurePromptsOnATerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	answers := "not a url\n" + cfgEndpoint + "\n" + cfgAccess + "\n" + cfgSecret + "\n"
	r := runConfigureCLI(t, dir, nil, ttyReader{strings.NewReader(answers)}, "configure", "--profile", "lab")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, q := range []string{"Endpoint", "Access key", "Secret key"} {
		if !strings.Contains(r.stderr, q) {
			t.Errorf("no %q prompt in %q", q, r.stderr)
		}
	}
	if strings.Contains(r.stdout+r.stderr, cfgSecret) {
		t.Errorf("the secret was printed")
	}
	if cfg := loadProfile(t, dir, "lab"); cfg.Endpoint != cfgEndpoint || cfg.SecretKey != cfgSecret {
		t.Errorf("profile lab: %v", cfg)
	}
}

func TestConfigureRefusesBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args  []string
		stdin string
		msg   string
	}{
		{[]string{"configure", "--endpoint", "https://host/api/enstratus/latest", "--access-key", cfgAccess, "--secret-key-stdin"}, cfgSecret + "\n", "--endpoint"},
		{[]string{"configure", "--api-version", "2015-5-25", "--access-key", cfgAccess, "--secret-key-stdin"}, cfgSecret + "\n", "--api-version"},
		{[]string{"configure", "--endpoint", cfgEndpoint, "--access-key", cfgAccess}, "", "no secret key"},
		{[]string{"configure", "--endpoint", cfgEndpoint, "--secret-key-stdin"}, cfgSecret + "\n", "no access key"},
		{[]string{"configure", "--endpoint", cfgEndpoint, "--access-key", cfgAccess, "--secret-key-stdin"}, "", "no secret key on standard input"},
		{[]string{"configure", "--secret-key", cfgSecret}, "", "unknown flag"},
	}
	for _, tc := range cases {
		dir := t.TempDir()
		r := runConfigureCLI(t, dir, nil, strings.NewReader(tc.stdin), tc.args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tc.msg) {
			t.Errorf("%q: exit %d, stderr %q (want %q)", tc.args, r.code, r.stderr, tc.msg)
		}
		if _, err := os.Stat(filepath.Join(dir, dcm.ConfigFileName)); err == nil {
			t.Errorf("%q: a config file was written", tc.args)
		}
	}
}

func TestConfigureListShowDelete(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"prod", "lab"} {
		r := runConfigureCLI(t, dir, map[string]string{"DCM_SECRET_KEY": cfgSecret + name}, nil,
			"configure", "--profile", name, "--endpoint", cfgEndpoint, "--access-key", cfgAccess)
		if r.code != ExitOK {
			t.Fatalf("configure %s: exit %d: %s", name, r.code, r.stderr)
		}
	}
	if r := runConfigureCLI(t, dir, nil, nil, "configure", "--profile", "lab", "--default"); r.code != ExitOK {
		t.Fatalf("--default: exit %d: %s", r.code, r.stderr)
	}
	list := runConfigureCLI(t, dir, nil, nil, "configure", "list")
	if list.code != ExitOK || !strings.Contains(list.stdout, "prod") || !strings.Contains(list.stdout, "********") {
		t.Fatalf("list: exit %d\n%s%s", list.code, list.stdout, list.stderr)
	}
	if strings.Contains(list.stdout, cfgSecret) {
		t.Errorf("list printed a secret:\n%s", list.stdout)
	}
	if !regexp.MustCompile(`(?m)^\*\s+lab\s`).MatchString(list.stdout) {
		t.Errorf("lab is not marked as the default:\n%s", list.stdout)
	}
	show := runConfigureCLI(t, dir, nil, nil, "configure", "show")
	if show.code != ExitOK || !strings.Contains(show.stdout, cfgEndpoint) || !strings.Contains(show.stdout, `profile "lab"`) || strings.Contains(show.stdout, cfgSecret) {
		t.Errorf("show: exit %d\n%s%s", show.code, show.stdout, show.stderr)
	}
	if r := runConfigureCLI(t, dir, nil, nil, "configure", "delete", "lab"); r.code != ExitOK {
		t.Fatalf("delete: exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, dcm.ConfigFileName))
	if err != nil {
		t.Fatal(err)
	}
	var pf struct {
		Default  string                     `json:"default"`
		Profiles map[string]json.RawMessage `json:"profiles"`
	}
	if err := json.Unmarshal(data, &pf); err != nil || pf.Default != "" || len(pf.Profiles) != 1 {
		t.Errorf("after delete: %s (%v)", data, err)
	}
	if r := runConfigureCLI(t, dir, nil, nil, "configure", "delete", "lab"); r.code != ExitConfig || !strings.Contains(r.stderr, `no profile "lab"`) {
		t.Errorf("deleting a missing profile: exit %d, want %d (a configuration error)\n%s", r.code, ExitConfig, r.stderr)
	}
}
