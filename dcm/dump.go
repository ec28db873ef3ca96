package dcm

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Requests and answers printed for people (the debug trace, the CLI's
// --dry-run) are redacted by position first: the values of headers that
// carry credentials, of secret query parameters and of secret body fields
// (RedactBody), the names being judged by wire.IsSecret. Then, as a net
// for a secret in a place nobody foresaw, the secret key's text is
// replaced wherever it still appears, but only when it is at least
// minSearchedSecret characters long: a shorter one (tests use "S") would
// match inside ordinary words and turn infrastructure/Server into
// infrastructure/[REDACTED]erver.
const minSearchedSecret = 8

// scrubSecret replaces the text of secret in b when it is long enough to
// be unambiguous.
func scrubSecret(b []byte, secret string) []byte {
	if len(secret) < minSearchedSecret {
		return b
	}
	return bytes.ReplaceAll(b, []byte(secret), []byte(redacted))
}

// secretHeader reports whether a header's value is a credential.
func secretHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case canonSignature, "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return wire.IsSecret(name)
}

// FormatRequest is r as text for a person: the method and URL, the headers
// sorted by name, a blank line and the body, redacted as described above
// (secret is the secret key). body is passed apart because r's may already
// have been read.
func FormatRequest(r *http.Request, body []byte, secret string) []byte {
	var b bytes.Buffer
	writeRequest(&b, "", r, body)
	return scrubSecret(b.Bytes(), secret)
}

func writeRequest(b *bytes.Buffer, prefix string, r *http.Request, body []byte) {
	fmt.Fprintf(b, "%s%s %s\n", prefix, r.Method, RedactURL(r.URL.String()))
	writeHeaders(b, prefix, r.Header)
	writeBody(b, prefix, body)
}

func writeHeaders(b *bytes.Buffer, prefix string, h http.Header) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		v := strings.Join(h[k], ", ")
		if secretHeader(k) {
			v = redacted
		}
		fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
	}
}

func writeBody(b *bytes.Buffer, prefix string, body []byte) {
	if len(body) == 0 {
		return
	}
	b.WriteString(prefix + "\n")
	for line := range strings.SplitSeq(string(RedactBody(body)), "\n") {
		b.WriteString(prefix + line + "\n")
	}
}

// RedactURL is raw with the password of its user info and the values of
// its secret query parameters replaced, everything else (order, escaping)
// kept. Text that is not a URL is returned as it is.
func RedactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	changed := false
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
		changed = true
	}
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, part := range parts {
			k, _, ok := strings.Cut(part, "=")
			name, err := url.QueryUnescape(k)
			if ok && err == nil && wire.IsSecret(name) {
				parts[i], changed = k+"="+url.QueryEscape(redacted), true
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	if !changed {
		return raw
	}
	return u.String()
}
