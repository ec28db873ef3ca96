package cli

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// hangingTransport never answers; it returns only when the request's
// context ends, as a stalled server would.
type hangingTransport struct{}

func (hangingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	<-r.Context().Done()
	return nil, r.Context().Err()
}

// TestTimeoutExitsNetwork runs in a synctest bubble, so the 30 seconds of
// --timeout pass on the fake clock at once.
func TestTimeoutExitsNetwork(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		vars := map[string]string{
			"ES_ACCESS_KEY": testAccess,
			"ES_SECRET_KEY": testSecret,
			"ES_ENDPOINT":   "http://dcm.invalid/api/enstratus/" + testVersion,
		}
		var stdout, stderr bytes.Buffer
		start := time.Now()
		code := Run(context.Background(), Env{
			Args:      []string{"get", "geography/Region", "--timeout", "30s"},
			Stdout:    &stdout,
			Stderr:    &stderr,
			Getenv:    func(k string) string { return vars[k] },
			ConfigDir: t.TempDir(),
			LegacyDir: "-",
			Transport: hangingTransport{},
		})
		if code != ExitNetwork {
			t.Errorf("exit code = %d, want %d; stderr %q", code, ExitNetwork, stderr.String())
		}
		if elapsed := time.Since(start); elapsed != 30*time.Second {
			t.Errorf("gave up after %s, want exactly the 30s of --timeout", elapsed)
		}
		if !strings.HasPrefix(stderr.String(), "mixcoatl: ") || stdout.Len() != 0 {
			t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
		}
	})
}
