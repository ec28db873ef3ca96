package dcm

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCanonicalHeaderNames(t *testing.T) {
	t.Parallel()
	for raw, canon := range map[string]string{
		HeaderAccess: canonAccess, HeaderTimestamp: canonTimestamp, HeaderSignature: canonSignature,
		HeaderDetails: canonDetails, HeaderRequestID: canonRequestID, HeaderVersion: canonVersion,
		"user-agent": canonUserAgent, "accept": canonAccept, "content-type": canonCType,
	} {
		if got := http.CanonicalHeaderKey(raw); got != canon {
			t.Errorf("CanonicalHeaderKey(%q) = %q, constant says %q", raw, got, canon)
		}
	}
}

// TestReadBodyWhateverTheContentLength: a RoundTripper may announce any
// length; the body as sent is what counts, as with io.ReadAll.
func TestReadBodyWhateverTheContentLength(t *testing.T) {
	t.Parallel()
	const body = `{"clouds":[{"cloudId":1}]}`
	for _, cl := range []int64{-1, 0, 5, int64(len(body)), int64(len(body)) + 7} {
		resp := &http.Response{ContentLength: cl, Body: io.NopCloser(strings.NewReader(body))}
		got, err := readBody(http.MethodGet, resp)
		if err != nil || string(got) != body {
			t.Errorf("Content-Length %d: %q, %v", cl, got, err)
		}
	}
	resp := &http.Response{ContentLength: 10, Body: http.NoBody}
	if got, err := readBody(http.MethodHead, resp); err != nil || len(got) != 0 {
		t.Errorf("HEAD: %q, %v", got, err)
	}
}
