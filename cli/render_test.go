package cli

import (
	"bytes"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

func TestRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   output
		want string
	}{
		{"nothing", output{}, ""},
		{"json keeps order", output{body: []byte(`{"b":1,"a":[true,null,"x"],"c":{}}`)},
			"{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null,\n    \"x\"\n  ],\n  \"c\": {}\n}\n"},
		{"json keeps big numbers and escapes", output{body: []byte(`{"n":123456789012345678901234567890,"s":"<a&b>\u00e9"}`)},
			"{\n  \"n\": 123456789012345678901234567890,\n  \"s\": \"<a&b>\\u00e9\"\n}\n"},
		{"not JSON is shown as received", output{body: []byte("Service Unavailable")}, "Service Unavailable\n"},
		{"whitespace body is nothing", output{body: []byte(" \n")}, ""},
		{"status then body", output{statusLine: "202 Accepted", body: []byte(`{"jobs":[]}`)}, "202 Accepted\n{\n  \"jobs\": []\n}\n"},
		{"lines", output{lines: []string{"42"}}, "42\n"},
		{"xml", output{format: dcm.FormatXML, body: []byte(`<?xml version="1.0"?><a x="1&amp;2"><!-- c --><b>t</b><c/><d><e>1</e></d><f>  </f></a>`)},
			"<?xml version=\"1.0\"?>\n<a x=\"1&amp;2\">\n  <!-- c -->\n  <b>t</b>\n  <c/>\n  <d>\n    <e>1</e>\n  </d>\n  <f/>\n</a>\n"},
		{"xml prefixes kept", output{format: dcm.FormatXML, body: []byte(`<es:servers xmlns:es="urn:x"><es:server es:id="1"/></es:servers>`)},
			"<es:servers xmlns:es=\"urn:x\">\n  <es:server es:id=\"1\"/>\n</es:servers>\n"},
		{"mixed content", output{format: dcm.FormatXML, body: []byte(`<p>hello <b>you</b> there</p>`)},
			"<p>\n  hello\n  <b>you</b>\n  there\n</p>\n"},
		{"broken xml is shown as received", output{format: dcm.FormatXML, body: []byte(`<a><b></a>`)}, "<a><b></a>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := render(&buf, tt.in); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("render =\n%q\nwant\n%q", buf.String(), tt.want)
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
