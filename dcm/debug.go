package dcm

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"
)

// debugTrace writes each attempt's request and response (or error) to w,
// redacted as FormatRequest describes (secret is the secret key).
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
			writeRequest(&b, "> ", r, reqBody)
			start := time.Now()
			resp, err := next(r)
			elapsed := time.Since(start).Round(time.Millisecond)
			if err != nil {
				fmt.Fprintf(&b, "! %s after %s: %v\n", r.Method, elapsed, err)
			} else {
				fmt.Fprintf(&b, "< %d %s (%s)\n", resp.StatusCode, http.StatusText(resp.StatusCode), elapsed)
				writeHeaders(&b, "< ", resp.Header)
				if resp.stream != nil {
					b.WriteString("< [body streamed to the caller, not shown]\n")
				}
				writeBody(&b, "< ", resp.Body)
			}
			_, _ = w.Write(scrubSecret(b.Bytes(), secret))
			return resp, err
		}
	}
}
