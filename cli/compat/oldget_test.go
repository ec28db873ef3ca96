package compat_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// canned answers every request with one status and body, as a server the
// emulator cannot play would (a proxy's page, an empty error).
type canned struct {
	status int
	ctype  string
	body   string
}

func (c canned) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: c.status, Status: strconv.Itoa(c.status) + " " + http.StatusText(c.status),
		Header:  http.Header{"Content-Type": {c.ctype}},
		Body:    io.NopCloser(strings.NewReader(c.body)),
		Request: req, ProtoMajor: 1, ProtoMinor: 1,
	}, nil
}

// What dcm-get printed where the body did not parse: print(result), the
// Response for XML, the error's (empty) message or False for JSON; a
// success whose body is no JSON died in the library (mixcoatl's error).
func TestDcmGetUnparsedAnswers(t *testing.T) {
	t.Parallel()
	emu := goldenEmulator(t, goldenSeed(t))
	cases := []struct {
		answer  canned
		argv    string
		want    string
		wantErr func(error) bool
	}{
		{canned{200, "text/html", "<html><p>proxy</html>"}, "dcm-get geography/Region --xml", "<Response [200]>\n", dcm.IsUnusableAnswer},
		{canned{200, "text/plain", "not json"}, "dcm-get geography/Region --statuscode", "200\n", dcm.IsUnusableAnswer},
		{canned{404, "application/json", ""}, "dcm-get geography/Region", "\n", dcm.IsNotFound},
		{canned{401, "application/json", ""}, "dcm-get geography/Region", "False\n", func(err error) bool { return dcm.StatusCode(err) == 401 }},
		{canned{404, "application/xml", ""}, "dcm-get geography/Region --xml", "<Response [404]>\n", dcm.IsNotFound},
		{canned{403, "application/xml", "<error><message>Invalid access keys &amp; more</message></error>"}, "dcm-get geography/Region --xml",
			"<?xml version=\"1.0\" ?><error><message>Invalid access keys &amp; more</message></error>\n", dcm.IsForbidden},
		{canned{200, "application/json", `{"b":[1.5,"é"],"a":{}}`}, "es-dump x", "{\n  \"a\": {}, \n  \"b\": [\n    1.5, \n    \"\\u00e9\"\n  ]\n}\n", nil},
	}
	for _, tc := range cases {
		client := emu.Client(dcm.WithTransport(tc.answer))
		out, err := run(t, client, strings.Fields(tc.argv)...)
		if out != tc.want {
			t.Errorf("%s after %d %q: printed %q, want %q", tc.argv, tc.answer.status, tc.answer.body, out, tc.want)
		}
		if (tc.wantErr == nil) != (err == nil) || (err != nil && !tc.wantErr(err)) {
			t.Errorf("%s after %d %q: error %v", tc.argv, tc.answer.status, tc.answer.body, err)
		}
	}
}
