package dcm

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds the redirects followed for one attempt.
const maxRedirects = 5

// followRedirects handles 3xx answers in the chain rather than in the
// http.Client (whose CheckRedirect is set to hand every 3xx back), because
// the client's default would forward the x-esauth-* headers to any host
// and turn a POST into a GET. The rules:
//
//   - A read (GET, HEAD) redirected within the same origin (scheme, host
//     and port) is sent again to the new path and query through next, so
//     it is signed afresh for that path (the path is in the signature).
//   - A redirect of a write (POST, PUT, DELETE) is never followed and never
//     turned into a GET: what the server would have done is unknown.
//   - A redirect to another origin is never followed: the signed headers
//     never leave the configured endpoint.
//   - A 3xx without a usable Location, a 300, 304 or 305, or more than
//     maxRedirects in a row is not followed either.
//
// A redirect not followed is an *APIError with Problem ProblemRedirect
// naming its target, so the CLI exits 4: the server answered, with
// something the client will not use.
func followRedirects(next handler) handler {
	return func(r *http.Request) (*Response, error) {
		for hops := 0; ; hops++ {
			resp, err := next(r)
			if err != nil || resp.StatusCode < 300 || resp.StatusCode > 399 {
				return resp, err
			}
			target, why := redirectTarget(r, resp, hops)
			if why != "" {
				return nil, redirectError(r, resp, target, why)
			}
			nr := r.Clone(r.Context())
			nr.URL, nr.Host = target, target.Host
			r = nr
		}
	}
}

// redirectTarget resolves the Location of a 3xx answer to r and says why
// it must not be followed ("" when it may be).
func redirectTarget(r *http.Request, resp *Response, hops int) (*url.URL, string) {
	loc := strings.TrimSpace(resp.Header.Get("Location"))
	target, err := r.URL.Parse(loc)
	switch {
	case loc == "" || err != nil:
		return nil, "the redirect has no usable Location"
	case !followable(resp.StatusCode):
		return target, fmt.Sprintf("status %d is not a redirect to follow", resp.StatusCode)
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		return target, "a " + r.Method + " is never redirected: it was not resent, and whether the server acted on it is unknown"
	case !sameOrigin(r.URL, target):
		return target, "signed requests are never sent to another origin than the endpoint " + origin(r.URL)
	case hops >= maxRedirects:
		return target, fmt.Sprintf("more than %d redirects in a row", maxRedirects)
	}
	return target, ""
}

func followable(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func redirectError(r *http.Request, resp *Response, target *url.URL, why string) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.RequestID,
		Method:     r.Method,
		Path:       requestPath(r),
		Header:     resp.Header,
		Problem:    ProblemRedirect,
	}
	if target != nil {
		e.Location = RedactURL(target.String())
		e.Message = "redirected to " + e.Location + ", not followed: " + why
	} else {
		e.Message = "not followed: " + why
	}
	return e
}

// sameOrigin compares scheme, host (case-insensitively) and port, an
// omitted port being the scheme's default.
func sameOrigin(a, b *url.URL) bool {
	return origin(a) == origin(b)
}

// origin is scheme://host:port, lower-cased, with the default port made
// explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}
