package cli

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// TestPrintAnswerStreamsBeyondTheWholeLimit: a body larger than
// wholeLimit is printed as it arrives, so a fault near its end leaves the
// part before it indented and the rest as received.
func TestPrintAnswerStreamsBeyondTheWholeLimit(t *testing.T) {
	t.Parallel()
	item := `{"serverId":1,"name":"web"},`
	many := strings.Repeat(item, wholeLimit/len(item)+10)
	for _, tc := range []struct {
		name      string
		format    dcm.Format
		body      string
		wantStart string
		wantEnd   string
	}{
		{"truncated JSON", dcm.FormatJSON, `{"servers":[` + many + `{"serverId":2,"na`,
			"{\n  \"servers\": [\n    {\n      \"serverId\": 1,\n", "{\n      \"serverId\": 2,\n      \"na\n"},
		{"garbage in JSON", dcm.FormatJSON, `{"servers":[` + many + `<html>oops</html>]}`,
			"{\n  \"servers\": [\n", "  <html>oops</html>]}\n"},
		{"truncated XML", dcm.FormatXML, "<servers>" + strings.Repeat(`<server serverId="1"><name>web</name></server>`, wholeLimit/40) + "<server><na",
			"<servers>\n  <server serverId=\"1\">\n    <name>web</name>\n  </server>\n", "  <server>\n<na\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := printAnswer(&out, &dcm.Request{Path: "infrastructure/Server"}, &dcm.Response{StatusCode: 200, Header: http.Header{}},
				strings.NewReader(tc.body), tc.format)
			if !dcm.IsUnusableAnswer(err) || !strings.Contains(err.Error(), "indented up to there and as received from there") {
				t.Errorf("err = %v, want the answer refused", err)
			}
			got := out.String()
			if !strings.HasPrefix(got, tc.wantStart) || !strings.HasSuffix(got, tc.wantEnd) {
				t.Errorf("printed %q … %q, want %q … %q", got[:min(len(got), 80)], got[max(0, len(got)-80):], tc.wantStart, tc.wantEnd)
			}
		})
	}
}
