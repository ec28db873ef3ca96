package dcm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSecret = "s3cr3t/KEY+with=base64chars0123456789ab"

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// writeFile writes content into dir/name with mode and returns the path.
func writeFile(t *testing.T, dir, name, content string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigPrecedence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, ConfigFileName, `{"version":1,"profiles":{"default":{
		"access_key":"PROFILEKEY","secret_key":"profile-secret",
		"endpoint":"https://profile.example/api/enstratus/2014-07-30","ssl_verify":true}}}`, 0o600)
	epFile := writeFile(t, dir, "endpoints.json", `[
		{"nickname":"a","url":"http://file-a.example:15000/api/enstratus/2015-01-28","access_key":"FILEKEY","secret_key":"file-secret","ssl_verify":"0"},
		{"nickname":"b","url":"http://file-b.example","api_version":"2015-05-25"}]`, 0o600)
	base := LoadOptions{ConfigDir: dir, LegacyDir: "-"}
	withFile := base
	withFile.EndpointFile, withFile.Nickname = epFile, "a"
	tests := []struct {
		name       string
		opts       LoadOptions
		env        map[string]string
		want       Config
		wantSource []string
	}{
		{
			name:       "profile only",
			opts:       base,
			want:       Config{AccessKey: "PROFILEKEY", SecretKey: "profile-secret", Endpoint: "https://profile.example/api/enstratus/2014-07-30", APIVersion: "2014-07-30"},
			wantSource: []string{`profile "default"`},
		},
		{
			name:       "endpoint file over profile",
			opts:       withFile,
			want:       Config{AccessKey: "FILEKEY", SecretKey: "file-secret", Endpoint: "http://file-a.example:15000/api/enstratus/2015-01-28", APIVersion: "2015-01-28", InsecureSkipVerify: true},
			wantSource: []string{"endpoint file", "(a)"},
		},
		{
			name:       "ES over endpoint file, field by field",
			opts:       withFile,
			env:        map[string]string{"ES_ACCESS_KEY": "ESKEY", "ES_SSL_VERIFY": "yes"},
			want:       Config{AccessKey: "ESKEY", SecretKey: "file-secret", Endpoint: "http://file-a.example:15000/api/enstratus/2015-01-28", APIVersion: "2015-01-28"},
			wantSource: []string{"environment", "endpoint file"},
		},
		{
			name: "DCM over ES",
			opts: base,
			env: map[string]string{"ES_ACCESS_KEY": "ESKEY", "ES_SECRET_KEY": "es-secret", "ES_ENDPOINT": "https://es.example/api/enstratus/2012-06-15",
				"DCM_ACCESS_KEY": "DCMKEY", "DCM_SECRET_KEY": "dcm-secret", "DCM_ENDPOINT": "https://dcm.example/base/api/enstratus/2015-05-25/", "DCM_SSL_VERIFY": "FALSE"},
			want:       Config{AccessKey: "DCMKEY", SecretKey: "dcm-secret", Endpoint: "https://dcm.example/base/api/enstratus/2015-05-25", APIVersion: "2015-05-25", InsecureSkipVerify: true},
			wantSource: []string{"environment"},
		},
		{
			name:       "flag endpoint over DCM",
			opts:       LoadOptions{ConfigDir: dir, LegacyDir: "-", Endpoint: "http://127.0.0.1:15000/api/enstratus/2015-06-29"},
			env:        map[string]string{"DCM_ENDPOINT": "https://dcm.example/api/enstratus/2015-05-25"},
			want:       Config{AccessKey: "PROFILEKEY", SecretKey: "profile-secret", Endpoint: "http://127.0.0.1:15000/api/enstratus/2015-06-29", APIVersion: "2015-06-29"},
			wantSource: []string{"command-line options"},
		},
		{
			name: "version alone picks the default host",
			opts: LoadOptions{ConfigDir: t.TempDir(), LegacyDir: "-"},
			env:  map[string]string{"ES_ACCESS_KEY": "K", "ES_SECRET_KEY": "S", "ES_API_VERSION": "2013-03-13"},
			want: Config{AccessKey: "K", SecretKey: "S", Endpoint: DefaultBaseURL + "/api/enstratus/2013-03-13", APIVersion: "2013-03-13", EndpointDefaulted: true},
		},
		{
			name: "version in the same layer as the endpoint is ignored",
			opts: LoadOptions{ConfigDir: t.TempDir(), LegacyDir: "-"},
			env:  map[string]string{"ES_ACCESS_KEY": "K", "ES_SECRET_KEY": "S", "ES_ENDPOINT": "https://h.example/api/enstratus/2014-07-30", "ES_API_VERSION": "2013-03-13"},
			want: Config{AccessKey: "K", SecretKey: "S", Endpoint: "https://h.example/api/enstratus/2014-07-30", APIVersion: "2014-07-30"},
		},
		{
			name: "defaults",
			opts: LoadOptions{ConfigDir: t.TempDir(), LegacyDir: "-"},
			env:  map[string]string{"DCM_ACCESS_KEY": "K", "DCM_SECRET_KEY": "S"},
			want: Config{AccessKey: "K", SecretKey: "S", Endpoint: DefaultEndpoint, APIVersion: DefaultAPIVersion, EndpointDefaulted: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := tt.opts
			opts.Getenv = envFrom(tt.env)
			got, err := LoadConfig(opts)
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			source := got.Source
			got.Source = ""
			if got != tt.want {
				t.Errorf("LoadConfig =\n %+v\nwant\n %+v", got, tt.want)
			}
			for _, s := range tt.wantSource {
				if !strings.Contains(source, s) {
					t.Errorf("Source %q does not mention %q", source, s)
				}
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	tests := []struct {
		name     string
		opts     LoadOptions
		env      map[string]string
		wantMsgs []string
	}{
		{"missing both keys", LoadOptions{}, nil,
			[]string{"DCM_ACCESS_KEY", "ES_ACCESS_KEY", "DCM_SECRET_KEY", "ES_SECRET_KEY"}},
		{"missing secret only", LoadOptions{}, map[string]string{"ES_ACCESS_KEY": "K"},
			[]string{"secret key", "DCM_SECRET_KEY"}},
		{"bad ssl verify", LoadOptions{}, map[string]string{"DCM_SSL_VERIFY": "maybe"},
			[]string{"DCM_SSL_VERIFY", "maybe"}},
		{"endpoint without version", LoadOptions{}, map[string]string{"DCM_ENDPOINT": "https://h.example/api/enstratus"},
			[]string{"DCM_ENDPOINT", "YYYY-MM-DD"}},
		{"endpoint with bad scheme", LoadOptions{}, map[string]string{"ES_ENDPOINT": "ftp://h/api/enstratus/2012-06-15"},
			[]string{"ES_ENDPOINT", "ftp"}},
		{"endpoint with bad date", LoadOptions{Endpoint: "https://h/api/enstratus/2012-13-45"}, nil,
			[]string{"--endpoint", "2012-13-45"}},
		{"bad version alone", LoadOptions{APIVersion: "latest"}, nil,
			[]string{"--api-version", "latest"}},
		{"version contradicting a lower endpoint", LoadOptions{APIVersion: "2015-05-25"},
			map[string]string{"DCM_ENDPOINT": "https://h.example/api/enstratus/2014-07-30"},
			[]string{"--api-version", "conflicts", "DCM_ENDPOINT"}},
		{"explicit missing profile", LoadOptions{Profile: "prod"}, nil,
			[]string{`no profile "prod"`}},
		{"DCM_PROFILE missing", LoadOptions{}, map[string]string{"DCM_PROFILE": "staging"},
			[]string{`no profile "staging"`}},
		{"nickname without file", LoadOptions{Nickname: "x"}, nil,
			[]string{"nickname", "endpoint file"}},
		{"unreadable endpoint file", LoadOptions{EndpointFile: filepath.Join(empty, "nope.json")}, nil,
			[]string{"nope.json", "cannot read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := tt.opts
			opts.ConfigDir, opts.LegacyDir, opts.Getenv = empty, "-", envFrom(tt.env)
			_, err := LoadConfig(opts)
			if err == nil {
				t.Fatal("LoadConfig succeeded, want an error")
			}
			if !IsConfigError(err) {
				t.Errorf("error %v is not a *ConfigError", err)
			}
			for _, m := range tt.wantMsgs {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not mention %q", err, m)
				}
			}
		})
	}
}

func TestParseBool(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"1", "true", "TRUE", "Yes", " yes ", "on"} {
		if b, err := ParseBool(s); err != nil || !b {
			t.Errorf("ParseBool(%q) = %v, %v; want true", s, b, err)
		}
	}
	for _, s := range []string{"0", "false", "False", "NO", "off"} {
		if b, err := ParseBool(s); err != nil || b {
			t.Errorf("ParseBool(%q) = %v, %v; want false", s, b, err)
		}
	}
	for _, s := range []string{"", "2", "yess", "verify"} {
		if _, err := ParseBool(s); err == nil {
			t.Errorf("ParseBool(%q) succeeded, want an error", s)
		}
	}
}

func TestParseEndpoint(t *testing.T) {
	t.Parallel()
	good := []struct {
		in   string
		want Endpoint
	}{
		{"https://api.enstratus.com/api/enstratus/2012-06-15", Endpoint{"https://api.enstratus.com", "", "2012-06-15"}},
		{"http://127.0.0.1:15000/api/enstratus/2015-05-25/", Endpoint{"http://127.0.0.1:15000", "", "2015-05-25"}},
		{" https://h.example/dcm/v/api/enstratus/2014-07-30 ", Endpoint{"https://h.example", "/dcm/v", "2014-07-30"}},
	}
	for _, tt := range good {
		got, err := ParseEndpoint(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseEndpoint(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	bad := map[string]string{
		"": "empty",
		"api.enstratus.com/api/enstratus/2012-06-15":      "scheme",
		"https:///api/enstratus/2012-06-15":               "host",
		"https://h/api/enstratus/2012-06-15?x=1":          "query",
		"https://h/api/enstratus/20120615":                "YYYY-MM-DD",
		"https://h/api/enstratus/2012-02-30":              "YYYY-MM-DD",
		"https://h/api/enstratus/2012-06-15/geography":    "YYYY-MM-DD",
		"https://h/2012-06-15":                            "/api/enstratus",
		"https://user:hunter2@h/api/enstratus/2012-06-15": "credentials",
	}
	for in, want := range bad {
		_, err := ParseEndpoint(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEndpoint(%q) error = %v, want one mentioning %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseEndpoint error leaks the URL password: %v", err)
		}
	}
}

func TestConfigNeverPrintsSecret(t *testing.T) {
	t.Parallel()
	cfg := Config{AccessKey: "ACCESSKEY", SecretKey: testSecret, Endpoint: DefaultEndpoint, APIVersion: DefaultAPIVersion}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outputs = append(outputs, fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, &cfg))
	}
	outputs = append(outputs, fmt.Sprint(cfg), fmt.Sprintln([]Config{cfg}), fmt.Sprintf("%v", map[string]Config{"a": cfg}),
		cfg.String(), cfg.GoString())
	for _, newHandler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var b bytes.Buffer
		slog.New(newHandler(&b)).Info("config", "cfg", cfg, "ptr", &cfg)
		outputs = append(outputs, b.String())
	}
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, string(js))
	p := Profile{Name: "x", AccessKey: "ACCESSKEY", SecretKey: testSecret}
	outputs = append(outputs, fmt.Sprintf("%v %+v %#v %s", p, p, p, p))
	for _, out := range outputs {
		if strings.Contains(out, testSecret) || strings.Contains(out, "s3cr3t") {
			t.Errorf("output shows the secret: %s", out)
		}
	}
	if s := fmt.Sprintf("%+v", cfg); !strings.Contains(s, "ACCESSKEY") || !strings.Contains(s, redacted) {
		t.Errorf("%%+v = %q, want the access key and %s", s, redacted)
	}
}
