package cli

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

func TestRender(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		in   output
		want string
	}{
		{"nothing", output{}, ""},
		{"status", output{statusLine: "202 Accepted"}, "202 Accepted\n"},
		{"lines", output{lines: []string{"42"}}, "42\n"},
	} {
		var buf bytes.Buffer
		if err := render(&buf, tt.in); err != nil || buf.String() != tt.want {
			t.Errorf("%s: render = %q, %v; want %q", tt.name, buf.String(), err, tt.want)
		}
	}
}

// TestPrintAnswer: the raw verbs' bodies, pretty-printed without decoding
// into maps (key order, number text and escapes kept); a body that is not
// valid is printed as received and refused.
func TestPrintAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		format  dcm.Format
		body    string
		want    string
		refused bool
	}{
		{"json keeps order", 200, dcm.FormatJSON, `{"b":1,"a":[true,null,"x"],"c":{}}`,
			"{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"x\"\n  ],\n  \"c\": {}\n}\n", false},
		{"json keeps big numbers and escapes", 200, dcm.FormatJSON, `{"n":123456789012345678901234567890,"s":"<a&b>\u00e9"}`,
			"{\n  \"n\": 123456789012345678901234567890,\n  \"s\": \"<a&b>\\u00e9\"\n}\n", false},
		{"not JSON is shown as received", 200, dcm.FormatJSON, "Service Unavailable", "Service Unavailable\n", true},
		{"whitespace body is nothing", 204, dcm.FormatJSON, " \n", "", false},
		{"whitespace body of a 200 is refused", 200, dcm.FormatJSON, " \n", "", true},
		{"jobs", 202, dcm.FormatJSON, `{"jobs":[]}`, "{\n  \"jobs\": []\n}\n", false},
		{"xml", 200, dcm.FormatXML, `<?xml version="1.0"?><a x="1&amp;2"><!-- c --><b>t</b><c/><d><e>1</e></d><f>  </f></a>`,
			"<?xml version=\"1.0\"?>\n<a x=\"1&amp;2\">\n  <!-- c -->\n  <b>t</b>\n  <c/>\n  <d>\n    <e>1</e>\n  </d>\n  <f/>\n</a>\n", false},
		{"xml prefixes kept", 200, dcm.FormatXML, `<es:servers xmlns:es="urn:x"><es:server es:id="1"/></es:servers>`,
			"<es:servers xmlns:es=\"urn:x\">\n  <es:server es:id=\"1\"/>\n</es:servers>\n", false},
		{"mixed content", 200, dcm.FormatXML, `<p>hello <b>you</b> there</p>`, "<p>\n  hello\n  <b>you</b>\n  there\n</p>\n", false},
		{"broken xml is shown as received", 200, dcm.FormatXML, `<a><b></a>`, "<a><b></a>\n", true},
		{"a body ending in a newline gets no second one", 200, dcm.FormatXML, "<a>\n", "<a>\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			req := &dcm.Request{Method: "GET", Path: "geography/Region"}
			resp := &dcm.Response{StatusCode: tt.status, Header: http.Header{}}
			err := printAnswer(&buf, req, resp, strings.NewReader(tt.body), tt.format)
			if buf.String() != tt.want {
				t.Errorf("printed\n%q\nwant\n%q", buf.String(), tt.want)
			}
			if dcm.IsUnusableAnswer(err) != tt.refused || (err != nil && !tt.refused) {
				t.Errorf("err = %v, refused %t wanted", err, tt.refused)
			}
		})
	}
}

func TestLoadBodyNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		format     dcm.Format
		want       string
	}{
		{"json compacted in order", "{ \"z\" : 1,\n \"a\" : [ 1 , 2 ] }", dcm.FormatJSON, `{"z":1,"a":[1,2]}`},
		{"xml declaration dropped", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<stop><force>true</force></stop>", dcm.FormatXML, "<stop><force>true</force></stop>"},
		{"xml without declaration untouched", "<stop> <server/> </stop>", dcm.FormatXML, "<stop> <server/> </stop>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := loadBody(tt.data, nil, tt.format)
			if err != nil || string(got) != tt.want {
				t.Errorf("loadBody = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
