package emulator

import (
	"context"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// A web page in a browser can send requests to the emulator: to
// 127.0.0.1:15000 directly (cross-site request forgery), or to its own
// name resolving to 127.0.0.1 (DNS rebinding). Requests that need no
// signature — the control API, and the API in auth mode off or log — must
// therefore tell a browser from another site apart from the tools they
// are for. crossSite refuses:
//
//   - a Host that is neither an IP literal, nor localhost (or a name under
//     .localhost), nor the listen address's host, nor one of
//     Options.AllowedHosts: a rebinding page's requests carry its own name;
//   - Sec-Fetch-Site other than same-origin or none, and an Origin that is
//     not the Host's own: what browsers add to a request from another page;
//   - a write whose body a page may send without asking first: to the
//     control API anything but JSON (POST and PUT), to the API form and
//     text/plain bodies (old clients sent no Content-Type at all, which
//     stays accepted). The web console's forms are form bodies by nature:
//     its writes carry a CSRF token instead (emulator/console).
//
// Requests through the in-process transport (dcmtest, --local) come from
// the process itself and are not checked.

// inProcessKey marks, in a request's context, the in-process transport.
type inProcessKey struct{}

func inProcessContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, inProcessKey{}, true)
}

// bodyRule is which write bodies crossSite lets through.
type bodyRule int

const (
	bodyAPI     bodyRule = iota // JSON, XML or none: what API clients send
	bodyJSON                    // JSON only: the control API
	bodyConsole                 // anything: the console checks its CSRF token
)

func (s *Server) crossSite(r *http.Request, rule bodyRule) error {
	if r.Context().Value(inProcessKey{}) != nil {
		return nil
	}
	if !s.allowedHost(r.Host) {
		return clientError(http.StatusForbidden, "refused a request for host %q: this emulator answers unsigned requests for loopback names, IP addresses and the listen address only (--allow-host adds names)", r.Host)
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return clientError(http.StatusForbidden, "refused a request a browser sent from another site (Sec-Fetch-Site: %s)", site)
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.Host) {
		return clientError(http.StatusForbidden, "refused a request a browser sent from the page of %q", origin)
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut || rule == bodyConsole {
		return nil
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case rule == bodyJSON && (err != nil || !isJSONType(mt)):
		return clientError(http.StatusUnsupportedMediaType, "the control API takes JSON: send Content-Type: application/json")
	case rule == bodyAPI && ct != "" && (err != nil || mt == "text/plain" || mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"):
		return clientError(http.StatusUnsupportedMediaType, "unsupported Content-Type %q: send JSON or XML", ct)
	}
	return nil
}

func isJSONType(mt string) bool { return mt == "application/json" || strings.HasSuffix(mt, "+json") }

// allowedHost applies the Host rule of crossSite.
func (s *Server) allowedHost(hostport string) bool {
	if hostport == "" {
		return true // HTTP/1.0 without Host: no browser sends that
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // an IPv6 zone
	}
	if net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	return slices.ContainsFunc(s.opts.AllowedHosts, func(h string) bool { return strings.EqualFold(h, host) })
}

// sameOrigin reports whether a browser's Origin is the page of host (the
// request's Host), default ports aside.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null" (a sandboxed or file: page) included
	}
	return strings.EqualFold(withoutDefaultPort(u.Scheme, u.Host), withoutDefaultPort(u.Scheme, host))
}

func withoutDefaultPort(scheme, hostport string) string {
	switch {
	case scheme == "http" && strings.HasSuffix(hostport, ":80"):
		return strings.TrimSuffix(hostport, ":80")
	case scheme == "https" && strings.HasSuffix(hostport, ":443"):
		return strings.TrimSuffix(hostport, ":443")
	}
	return hostport
}
