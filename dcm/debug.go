package dcm

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// debugTrace writes each attempt's request and response (or error) to w:
// the signature header value, the secret key wherever it appears, and
// password/secret-like body fields are replaced by [REDACTED].
func debugTrace(w io.Writer, secret string) middleware {
	return func(next handler) handler {
		return func(r *http.Request) (*Response, error) {
			var reqBody []byte
			if r.GetBody != nil {
				if rc, err := r.GetBody(); err == nil {
					reqBody, _ = io.ReadAll(rc)
					_ = rc.Close()
				}
			}
			var b bytes.Buffer
			fmt.Fprintf(&b, "> %s %s\n", r.Method, r.URL.String())
			writeHeaders(&b, "> ", r.Header)
			writeBody(&b, "> ", reqBody)
			start := time.Now()
			resp, err := next(r)
			elapsed := time.Since(start).Round(time.Millisecond)
			if err != nil {
				fmt.Fprintf(&b, "! %s after %s: %v\n", r.Method, elapsed, err)
			} else {
				fmt.Fprintf(&b, "< %d %s (%s)\n", resp.StatusCode, http.StatusText(resp.StatusCode), elapsed)
				writeHeaders(&b, "< ", resp.Header)
				writeBody(&b, "< ", resp.Body)
			}
			out := b.Bytes()
			if secret != "" {
				out = bytes.ReplaceAll(out, []byte(secret), []byte(redacted))
			}
			_, _ = w.Write(out)
			return resp, err
		}
	}
}

func writeHeaders(b *bytes.Buffer, prefix string, h http.Header) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		v := strings.Join(h[k], ", ")
		if strings.EqualFold(k, HeaderSignature) || strings.EqualFold(k, "Authorization") {
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
