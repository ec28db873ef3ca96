package dcm

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// loadWarned runs LoadConfig on opts in an empty setting (no profile, no
// legacy files) with env, and returns what it warned.
func loadWarned(t *testing.T, opts LoadOptions, env map[string]string) (Config, []string, error) {
	t.Helper()
	var warned []string
	if opts.ConfigDir == "" {
		opts.ConfigDir = t.TempDir()
	}
	if opts.LegacyDir == "" {
		opts.LegacyDir = "-"
	}
	opts.Getenv, opts.Warn = envFrom(env), func(m string) { warned = append(warned, m) }
	cfg, err := LoadConfig(opts)
	return cfg, warned, err
}

func TestEndpointFileUnknownKeyIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, tc := range map[string]struct{ data, nickname, want string }{
		"endpoint for url": {`{"endpoint":"https://h/api/enstratus/2015-05-25","access_key":"K"}`, "", `unknown key "endpoint"`},
		"in a list entry": {`[{"nickname":"a","url":"https://a/api/enstratus/2015-05-25"},{"nickname":"b","URL":"https://b"}]`,
			"a", `entry 2: unknown key "URL"`},
		"two typos": {`{"url":"https://h/api/enstratus/2015-05-25","acess_key":"K","timout":"3s"}`, "", `unknown keys "acess_key", "timout"`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, dir, strings.ReplaceAll(name, " ", "-")+".json", tc.data, 0o600)
			_, _, err := loadWarned(t, LoadOptions{EndpointFile: path, Nickname: tc.nickname},
				map[string]string{"DCM_SECRET_KEY": "S", "DCM_ACCESS_KEY": "K"})
			if !IsConfigError(err) {
				t.Fatalf("err = %v, want a *ConfigError", err)
			}
			for _, want := range []string{tc.want, path, "the known keys are access_key, api_version, basepath, connect_timeout, nickname, " +
				"response_header_timeout, secret_key, ssl_verify, timeout, tls_handshake_timeout, url"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestProfileUnknownKeyIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, ConfigFileName, `{"version":1,"profiles":{"default":{"access_key":"K","secret_key":"S","url":"https://h/api/enstratus/2015-05-25"}}}`, 0o600)
	_, _, err := loadWarned(t, LoadOptions{ConfigDir: dir}, nil)
	if !IsConfigError(err) {
		t.Fatalf("err = %v, want a *ConfigError", err)
	}
	for _, want := range []string{`profile "default": unknown key "url"`, "the known keys are access_key, api_version, connect_timeout, endpoint, " +
		"response_header_timeout, secret_key, ssl_verify, timeout, tls_handshake_timeout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestSecretFilesMustBePrivate(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX modes")
	}
	dir := t.TempDir()
	const ep = `{"url":"https://h/api/enstratus/2015-05-25","access_key":"K","secret_key":"file-secret"}`
	shared := writeFile(t, dir, "shared.json", ep, 0o644)
	_, _, err := loadWarned(t, LoadOptions{EndpointFile: shared}, nil)
	if !IsConfigError(err) || !strings.Contains(err.Error(), "chmod 600 "+shared) || !strings.Contains(err.Error(), "0644") {
		t.Errorf("0644 endpoint file with a secret: %v, want it refused with the chmod hint", err)
	}
	if strings.Contains(err.Error(), "file-secret") {
		t.Errorf("the error shows the secret: %v", err)
	}
	private := writeFile(t, dir, "private.json", ep, 0o600)
	if cfg, _, err := loadWarned(t, LoadOptions{EndpointFile: private}, nil); err != nil || cfg.SecretKey != "file-secret" {
		t.Errorf("0600 endpoint file: %v", err)
	}
	noSecret := writeFile(t, dir, "nosecret.json", `{"url":"https://h/api/enstratus/2015-05-25","access_key":"K"}`, 0o644)
	if _, _, err := loadWarned(t, LoadOptions{EndpointFile: noSecret}, map[string]string{"DCM_SECRET_KEY": "S"}); err != nil {
		t.Errorf("a readable endpoint file without a secret is fine: %v", err)
	}

	legacy := t.TempDir()
	path := writeFile(t, legacy, "default", "DCM_ACCESS_KEY=K\nDCM_SECRET_KEY=legacy-secret\nDCM_ENDPOINT=https://h/api/enstratus/2015-05-25\n", 0o644)
	cfg, warned, err := loadWarned(t, LoadOptions{LegacyDir: legacy}, nil)
	if err != nil || cfg.SecretKey != "legacy-secret" {
		t.Fatalf("legacy 0644 file: %v; old setups must keep working", err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "chmod 600 "+path) || strings.Contains(warned[0], "legacy-secret") {
		t.Errorf("warnings %q, want one with the chmod hint", warned)
	}
}

func TestDefaultEndpointIsAnnounced(t *testing.T) {
	t.Parallel()
	keys := map[string]string{"DCM_ACCESS_KEY": "K", "DCM_SECRET_KEY": "S", "DCM_ENDPIONT": "https://typo/api/enstratus/2015-05-25"}
	cfg, warned, err := loadWarned(t, LoadOptions{}, keys)
	if err != nil || !cfg.EndpointDefaulted {
		t.Fatalf("cfg %v, %v", cfg, err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], DefaultEndpoint) || !strings.Contains(warned[0], "old public") {
		t.Errorf("warnings %q, want the notice of the built-in default", warned)
	}
	keys["DCM_ENDPOINT"] = "https://h/api/enstratus/2015-05-25"
	if cfg, warned, err := loadWarned(t, LoadOptions{}, keys); err != nil || cfg.EndpointDefaulted || len(warned) != 0 {
		t.Errorf("with an endpoint: %v, warnings %q, %v", cfg.EndpointDefaulted, warned, err)
	}
	if cfg, err := New(Config{}); err != nil || !cfg.Config().EndpointDefaulted {
		t.Errorf("New without an endpoint: %v", err)
	}
}

func TestTimeoutsFromEverySource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, ConfigFileName, `{"version":1,"profiles":{"default":{"access_key":"K","secret_key":"S",
		"endpoint":"https://h/api/enstratus/2015-05-25","timeout":"10m","connect_timeout":"1s","tls_handshake_timeout":"2s","response_header_timeout":"3s"}}}`, 0o600)
	file := writeFile(t, t.TempDir(), "ep.json", `{"url":"https://h/api/enstratus/2015-05-25","connect_timeout":"4s","tls_handshake_timeout":"0"}`, 0o600)
	cfg, _, err := loadWarned(t, LoadOptions{ConfigDir: dir, EndpointFile: file, Timeouts: Timeouts{Request: NoTimeout}},
		map[string]string{"ES_RESPONSE_HEADER_TIMEOUT": "5", "DCM_CONNECT_TIMEOUT": "6s"})
	if err != nil {
		t.Fatal(err)
	}
	want := Timeouts{Connect: 6 * time.Second, TLSHandshake: NoTimeout, ResponseHeader: 5 * time.Second, Request: NoTimeout}
	if cfg.Timeouts != want {
		t.Errorf("Timeouts = %v, want %v (flag > DCM_ > ES_ > endpoint file > profile)", cfg.Timeouts, want)
	}
	if _, _, err := loadWarned(t, LoadOptions{ConfigDir: dir}, map[string]string{"DCM_TIMEOUT": "soon"}); !IsConfigError(err) || !strings.Contains(err.Error(), "DCM_TIMEOUT") {
		t.Errorf("bad DCM_TIMEOUT: %v, want a *ConfigError naming it", err)
	}
	bad := writeFile(t, t.TempDir(), "bad.json", `{"url":"https://h/api/enstratus/2015-05-25","timeout":"-3s"}`, 0o600)
	if _, _, err := loadWarned(t, LoadOptions{ConfigDir: dir, EndpointFile: bad}, nil); !IsConfigError(err) ||
		!strings.Contains(err.Error(), "timeout in endpoint file "+filepath.Join(filepath.Dir(bad), "bad.json")) {
		t.Errorf("bad timeout in an endpoint file: %v", err)
	}
}
