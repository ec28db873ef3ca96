package dcm

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Endpoint is a parsed, validated versioned endpoint URL of the form
// http[s]://host[:port][basepath]/api/enstratus/<YYYY-MM-DD>.
type Endpoint struct {
	BaseURL  string // scheme://host[:port]
	BasePath string // "" or a prefix such as "/dcm" in front of /api/enstratus
	Version  string // YYYY-MM-DD
}

// String is the full versioned endpoint URL.
func (e Endpoint) String() string {
	return e.BaseURL + e.BasePath + APIBasePath + "/" + e.Version
}

// Path is the URL path of the endpoint, the prefix of every signed path.
func (e Endpoint) Path() string { return e.BasePath + APIBasePath + "/" + e.Version }

// DiscoveryURL is the unsigned version-discovery URL (spec §2).
func (e Endpoint) DiscoveryURL() string { return e.BaseURL + e.BasePath + APIBasePath }

// ParseEndpoint validates an endpoint URL: scheme http or https, a host, no
// credentials, query or fragment, and a path ending in
// /api/enstratus/<YYYY-MM-DD> (a trailing "/" is tolerated).
func ParseEndpoint(raw string) (Endpoint, error) {
	bad := func(format string, args ...any) (Endpoint, error) {
		return Endpoint{}, fmt.Errorf("invalid endpoint %q: "+format, append([]any{RedactURL(raw)}, args...)...)
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return Endpoint{}, fmt.Errorf("invalid endpoint: empty URL")
	}
	u, err := url.Parse(s)
	if err != nil {
		return bad("not a URL")
	}
	switch u.Scheme {
	case "http", "https":
	case "":
		return bad("missing scheme; expected http[s]://host%s/<version>", APIBasePath)
	default:
		return bad("scheme %q is not http or https", u.Scheme)
	}
	if u.User != nil {
		return bad("credentials in the URL are not supported; use the access and secret keys")
	}
	if u.Host == "" || u.Hostname() == "" {
		return bad("missing host")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return bad("query strings and fragments are not allowed")
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	i := strings.LastIndex(p, APIBasePath+"/")
	if i < 0 {
		return bad("path must end in %s/<version> (YYYY-MM-DD), e.g. %s", APIBasePath, DefaultEndpoint)
	}
	version := p[i+len(APIBasePath)+1:]
	if err := ValidateAPIVersion(version); err != nil {
		return bad("%v", err)
	}
	return Endpoint{
		BaseURL:  u.Scheme + "://" + u.Host,
		BasePath: p[:i],
		Version:  version,
	}, nil
}

// ValidateAPIVersion checks that v is a date in YYYY-MM-DD form.
func ValidateAPIVersion(v string) error {
	if len(v) != len("2006-01-02") {
		return fmt.Errorf("API version %q is not a date in YYYY-MM-DD form", v)
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return fmt.Errorf("API version %q is not a date in YYYY-MM-DD form", v)
	}
	return nil
}
