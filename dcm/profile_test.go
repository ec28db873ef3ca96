package dcm

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSaveProfileRoundTrip(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nested", "mixcoatl")
	no := false
	if err := SaveProfile(dir, Profile{Name: "prod", AccessKey: "PRODKEY", SecretKey: "prod-secret", Endpoint: "https://p.example/api/enstratus/2015-05-25", SSLVerify: &no}); err != nil {
		t.Fatalf("SaveProfile: %v", err)
	}
	if err := SaveProfile(dir, Profile{Name: "default", AccessKey: "DEFKEY", SecretKey: "def-secret", APIVersion: "2014-07-30"}); err != nil {
		t.Fatalf("SaveProfile: %v", err)
	}
	// Replacing one profile keeps the other.
	if err := SaveProfile(dir, Profile{Name: "prod", AccessKey: "PRODKEY2", SecretKey: "prod-secret2", Endpoint: "https://p.example/api/enstratus/2015-06-29"}); err != nil {
		t.Fatalf("SaveProfile: %v", err)
	}
	if runtime.GOOS != "windows" {
		assertMode(t, filepath.Join(dir, ConfigFileName), 0o600)
		assertMode(t, dir, 0o700)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("config dir holds %d entries, want only %s (no temporary files left)", len(entries), ConfigFileName)
	}
	for name, want := range map[string]Config{
		"prod":    {AccessKey: "PRODKEY2", SecretKey: "prod-secret2", Endpoint: "https://p.example/api/enstratus/2015-06-29", APIVersion: "2015-06-29"},
		"default": {AccessKey: "DEFKEY", SecretKey: "def-secret", Endpoint: DefaultBaseURL + "/api/enstratus/2014-07-30", APIVersion: "2014-07-30", EndpointDefaulted: true},
	} {
		got, err := LoadConfig(LoadOptions{Getenv: envFrom(map[string]string{"DCM_PROFILE": name}), ConfigDir: dir, LegacyDir: "-"})
		if err != nil {
			t.Fatalf("LoadConfig(%s): %v", name, err)
		}
		got.Source = ""
		if got != want {
			t.Errorf("profile %s loaded as %+v, want %+v", name, got, want)
		}
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}

func TestSaveProfileRejects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, p := range []Profile{
		{Name: ""},
		{Name: "has space"},
		{Name: "../escape"},
		{Name: "ok", Endpoint: "https://h/api/enstratus"},
		{Name: "ok", APIVersion: "15-05-2015"},
	} {
		if err := SaveProfile(dir, p); err == nil || !IsConfigError(err) {
			t.Errorf("SaveProfile(%+v) = %v, want a *ConfigError", p, err)
		}
	}
	corrupt := writeFile(t, t.TempDir(), ConfigFileName, "{not json", 0o600)
	err := SaveProfile(filepath.Dir(corrupt), Profile{Name: "x"})
	if err == nil || !strings.Contains(err.Error(), "invalid config file") {
		t.Errorf("SaveProfile over a corrupt file = %v, want an error saying it is invalid", err)
	}
	if data, _ := os.ReadFile(corrupt); string(data) != "{not json" {
		t.Errorf("SaveProfile replaced a corrupt file it could not parse: %q", data)
	}
}

func TestLoadConfigRefusesReadableSecrets(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX modes")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, ConfigFileName, `{"version":1,"profiles":{"default":{"access_key":"K","secret_key":"S","endpoint":""}}}`, 0o644)
	_, err := LoadConfig(LoadOptions{Getenv: envFrom(nil), ConfigDir: dir, LegacyDir: "-"})
	if err == nil || !IsConfigError(err) || !strings.Contains(err.Error(), "chmod 600 "+path) || !strings.Contains(err.Error(), "0644") {
		t.Fatalf("LoadConfig on a 0644 file with a secret = %v, want a *ConfigError telling to chmod 600", err)
	}
	// Without secrets a readable file is fine.
	writeFile(t, dir, ConfigFileName, `{"version":1,"profiles":{"default":{"access_key":"K","secret_key":"","endpoint":""}}}`, 0o644)
	_, err = LoadConfig(LoadOptions{Getenv: envFrom(map[string]string{"DCM_SECRET_KEY": "S"}), ConfigDir: dir, LegacyDir: "-"})
	if err != nil {
		t.Fatalf("LoadConfig on a readable file without secrets: %v", err)
	}
}

func TestLoadConfigProfileSelection(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, ConfigFileName, `{"version":1,"default":"b","profiles":{
		"a":{"access_key":"A","secret_key":"sa","endpoint":""},
		"b":{"access_key":"B","secret_key":"sb","endpoint":""}}}`, 0o600)
	load := func(opts LoadOptions, env map[string]string) (Config, error) {
		opts.ConfigDir, opts.LegacyDir, opts.Getenv = dir, "-", envFrom(env)
		return LoadConfig(opts)
	}
	if cfg, err := load(LoadOptions{}, nil); err != nil || cfg.AccessKey != "B" {
		t.Errorf("file default: got %v, %v; want profile b", cfg.AccessKey, err)
	}
	if cfg, err := load(LoadOptions{}, map[string]string{"DCM_PROFILE": "a"}); err != nil || cfg.AccessKey != "A" {
		t.Errorf("DCM_PROFILE=a: got %v, %v", cfg.AccessKey, err)
	}
	if cfg, err := load(LoadOptions{Profile: "b"}, map[string]string{"DCM_PROFILE": "a"}); err != nil || cfg.AccessKey != "B" {
		t.Errorf("option over DCM_PROFILE: got %v, %v", cfg.AccessKey, err)
	}
	_, err := load(LoadOptions{Profile: "c"}, nil)
	if err == nil || !strings.Contains(err.Error(), `no profile "c" (have a, b)`) {
		t.Errorf("missing profile: %v", err)
	}
	bad := t.TempDir()
	writeFile(t, bad, ConfigFileName, `{"version":1,"profiles":{},"extra":true}`, 0o600)
	if _, err := LoadConfig(LoadOptions{Getenv: envFrom(nil), ConfigDir: bad, LegacyDir: "-"}); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("unknown key in the config file: %v, want an error naming it", err)
	}
}

func TestLoadConfigLegacyFiles(t *testing.T) {
	t.Parallel()
	legacy := t.TempDir()
	writeFile(t, legacy, "default", "# chosen\nexport DCM_ACCESS_KEY=LEGACY\nDCM_SECRET_KEY='legacy-secret'\nES_SECRET_KEY=ignored\nDCM_ENDPOINT=\"http://op.example:15000/api/enstratus/2015-01-28\"\nDCM_SSL_VERIFY=0\n", 0o644)
	writeFile(t, legacy, "lab.config", "ES_ACCESS_KEY=LAB\nES_SECRET_KEY=lab-secret\n", 0o644)
	writeFile(t, legacy, "broken.config", "DCM_ACCESS_KEY\n", 0o644)
	opts := LoadOptions{Getenv: envFrom(nil), ConfigDir: t.TempDir(), LegacyDir: legacy}
	cfg, err := LoadConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{AccessKey: "LEGACY", SecretKey: "legacy-secret", Endpoint: "http://op.example:15000/api/enstratus/2015-01-28", APIVersion: "2015-01-28", InsecureSkipVerify: true}
	if cfg.Source = ""; cfg != want {
		t.Errorf("legacy default = %+v, want %+v", cfg, want)
	}
	opts.Profile = "lab"
	if cfg, err := LoadConfig(opts); err != nil || cfg.AccessKey != "LAB" || cfg.SecretKey != "lab-secret" {
		t.Errorf("legacy lab.config: %+v, %v", cfg, err)
	}
	opts.Profile = "broken"
	if _, err := LoadConfig(opts); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("broken legacy file: %v, want an error naming the line", err)
	}
}
