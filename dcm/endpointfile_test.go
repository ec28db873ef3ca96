package dcm

import (
	"strings"
	"testing"
)

func TestParseEndpointFile(t *testing.T) {
	t.Parallel()
	list := `[{"nickname":"saas","url":"https://dcm.enstratius.com/api/enstratus/2015-05-25","api_version":"2015-05-25","access_key":"SAAS","secret_key":"saas-secret"},
	          {"nickname":"vagrant","url":"https://vagrant.vm/api/enstratus/2015-05-25","access_key":"VAG","secret_key":"vag-secret","ssl_verify":false}]`
	f, tr := false, true
	tests := []struct {
		name, data, nickname string
		wantAccess           string
		wantEndpoint         string
		wantVersion          string
		wantSSL              *bool
	}{
		{name: "single object", data: `{"url":"http://h:15000/api/enstratus/2015-01-28","access_key":"K","secret_key":"S","ssl_verify":1}`,
			wantAccess: "K", wantEndpoint: "http://h:15000/api/enstratus/2015-01-28", wantSSL: &tr},
		{name: "list by nickname", data: list, nickname: "vagrant",
			wantAccess: "VAG", wantEndpoint: "https://vagrant.vm/api/enstratus/2015-05-25", wantSSL: &f},
		{name: "list of one without nickname", data: `[{"nickname":"only","url":"https://h/api/enstratus/2012-06-15","access_key":"K"}]`,
			wantAccess: "K", wantEndpoint: "https://h/api/enstratus/2012-06-15"},
		{name: "host url plus api_version", data: `{"url":"http://h:15000","api_version":"2015-06-29","ssl_verify":"no"}`,
			wantEndpoint: "http://h:15000/api/enstratus/2015-06-29", wantSSL: &f},
		{name: "host url plus basepath", data: `{"url":"https://h","basepath":"/api/enstratus/2014-07-30"}`,
			wantEndpoint: "https://h/api/enstratus/2014-07-30"},
		{name: "host url plus prefix basepath", data: `{"url":"https://h/","basepath":"dcm","api_version":"2014-07-30"}`,
			wantEndpoint: "https://h/dcm/api/enstratus/2014-07-30"},
		{name: "host url alone gets the default version", data: `{"url":"https://h"}`,
			wantEndpoint: "https://h/api/enstratus/" + DefaultAPIVersion},
		{name: "no url, version only", data: `{"api_version":"2013-12-07","access_key":"K"}`,
			wantAccess: "K", wantVersion: "2013-12-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, _, err := parseEndpointFile([]byte(tt.data), tt.nickname, "test.json")
			if err != nil {
				t.Fatalf("parseEndpointFile: %v", err)
			}
			if l.access != tt.wantAccess || l.endpoint != tt.wantEndpoint || l.version != tt.wantVersion {
				t.Errorf("got access %q endpoint %q version %q; want %q %q %q", l.access, l.endpoint, l.version, tt.wantAccess, tt.wantEndpoint, tt.wantVersion)
			}
			if (l.sslVerify == nil) != (tt.wantSSL == nil) || (l.sslVerify != nil && *l.sslVerify != *tt.wantSSL) {
				t.Errorf("sslVerify = %v, want %v", l.sslVerify, tt.wantSSL)
			}
		})
	}
}

func TestParseEndpointFileErrors(t *testing.T) {
	t.Parallel()
	list := `[{"nickname":"a","url":"https://a/api/enstratus/2012-06-15"},{"nickname":"b","url":"https://b/api/enstratus/2012-06-15"}]`
	tests := []struct{ name, data, nickname, want string }{
		{"empty", "  \n", "", "empty"},
		{"bad JSON", `{"url": "https://h/api/enstratus/2012-06-15",`, "", "invalid JSON"},
		{"not an object", `"https://h"`, "", "expected a JSON object"},
		{"empty list", `[]`, "", "empty"},
		{"list without nickname", list, "", `choose one by nickname (have "a", "b")`},
		{"unknown nickname", list, "c", `no endpoint with nickname "c" (have "a", "b")`},
		{"version mismatch", `{"url":"https://h/api/enstratus/2012-06-15","api_version":"2015-05-25"}`, "", "does not match"},
		{"bad api_version without url", `{"api_version":"0"}`, "", `bad api_version: API version "0" is not a date`},
		{"bad api_version with a host url", `{"url":"http://h:1","api_version":"2015-13-45"}`, "", "bad api_version"},
		{"bad ssl_verify", `{"ssl_verify":"sometimes"}`, "", "ssl_verify"},
		{"bad url", `{"url":"ftp://h"}`, "", "bad url"},
		{"wrong type", `{"secret_key": 12}`, "", "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := parseEndpointFile([]byte(tt.data), tt.nickname, "eps.json")
			if err == nil {
				t.Fatal("parseEndpointFile succeeded, want an error")
			}
			if !IsConfigError(err) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "eps.json") {
				t.Errorf("error %q: want a *ConfigError naming eps.json and mentioning %q", err, tt.want)
			}
		})
	}
}

// FuzzEndpointFile checks that no input panics, that every error is a
// *ConfigError that never quotes the secret, and that every accepted
// endpoint is valid.
func FuzzEndpointFile(f *testing.F) {
	f.Add([]byte(`{"url":"https://h/api/enstratus/2012-06-15","secret_key":"SECRETVALUE"}`), "")
	f.Add([]byte(`[{"nickname":"a","url":"http://h:1","basepath":"/x","api_version":"2015-05-25","ssl_verify":"1"}]`), "a")
	f.Add([]byte(`[{"nickname":"a"},{"nickname":"b","secret_key":"SECRETVALUE","url":"bad"}]`), "b")
	f.Add([]byte(`{"ssl_verify":[1],"secret_key":"SECRETVALUE"}`), "")
	f.Fuzz(func(t *testing.T, data []byte, nickname string) {
		l, _, err := parseEndpointFile(data, nickname, "fuzz.json")
		if err != nil {
			if !IsConfigError(err) {
				t.Fatalf("error %v is not a *ConfigError", err)
			}
			if strings.Contains(err.Error(), "SECRETVALUE") {
				t.Fatalf("error quotes the secret: %v", err)
			}
			return
		}
		if l.endpoint != "" {
			if _, err := ParseEndpoint(l.endpoint); err != nil {
				t.Fatalf("accepted endpoint %q does not parse: %v", l.endpoint, err)
			}
		}
		if l.version != "" {
			if err := ValidateAPIVersion(l.version); err != nil {
				t.Fatalf("accepted version %q is invalid: %v", l.version, err)
			}
		}
	})
}

// FuzzLoadConfigEnv feeds arbitrary variable values through LoadConfig: it
// must either fail with a *ConfigError or yield a usable endpoint, and never
// echo the secret in an error.
func FuzzLoadConfigEnv(f *testing.F) {
	f.Add("K", "SECRETVALUE", "https://h/api/enstratus/2012-06-15", "", "1")
	f.Add("", "SECRETVALUE", "", "2015-05-25", "no")
	f.Add("K", "SECRETVALUE", "http://[::1]:15000/p/api/enstratus/2015-05-25/", "2012-06-15", "")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, access, secret, endpoint, version, ssl string) {
		env := map[string]string{"DCM_ACCESS_KEY": access, "DCM_SECRET_KEY": secret, "DCM_ENDPOINT": endpoint, "ES_API_VERSION": version, "DCM_SSL_VERIFY": ssl}
		cfg, err := LoadConfig(LoadOptions{Getenv: envFrom(env), ConfigDir: dir, LegacyDir: "-"})
		if err != nil {
			if !IsConfigError(err) {
				t.Fatalf("error %v is not a *ConfigError", err)
			}
			if strings.TrimSpace(secret) != "" && len(secret) > 3 && strings.Contains(err.Error(), secret) {
				// A leak, unless the text is there anyway: the same
				// configuration with another secret gives it too (a secret
				// "YYYY" is part of "not a date in YYYY-MM-DD form").
				env["DCM_SECRET_KEY"] = "\x00other-secret"
				_, other := LoadConfig(LoadOptions{Getenv: envFrom(env), ConfigDir: dir, LegacyDir: "-"})
				if other == nil || !strings.Contains(other.Error(), secret) {
					t.Fatalf("error quotes the secret: %v", err)
				}
			}
			return
		}
		if _, err := New(cfg); err != nil {
			t.Fatalf("New rejects a config LoadConfig accepted: %v", err)
		}
	})
}
