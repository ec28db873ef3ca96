package dcm

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestShortSecretRedactedByPositionOnly: with the secret "S", the
// signature, the secret fields and secret query values are still
// redacted, and nothing else is touched (the issue's
// infrastructure/[REDACTED]erver).
func TestShortSecretRedactedByPositionOnly(t *testing.T) {
	t.Parallel()
	var trace bytes.Buffer
	var printed []byte
	var sig string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sig = r.Header.Get(HeaderSignature)
		body, _ := io.ReadAll(r.Body)
		printed = FormatRequest(r, body, "S")
		return answer(200, http.Header{"Set-Cookie": {"session=Sx1"}}, `{"servers":[{"name":"Server S","password":"pw-in-answer"}]}`), nil
	})
	c, err := New(Config{AccessKey: "ACCESS", SecretKey: "S", Endpoint: "http://dcm.test/api/enstratus/2015-05-25"},
		WithTransport(rt), WithDebug(&trace))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(t.Context(), &Request{Method: "POST", Path: "infrastructure/Server", Query: map[string][]string{"adminPassword": {"q-pw"}, "name": {"S"}},
		Body: []byte(`{"launch":[{"name":"Server S","password":"hunter2"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"trace": trace.String(), "FormatRequest": string(printed)} {
		for _, want := range []string{"/infrastructure/Server?adminPassword=%5BREDACTED%5D&name=S", "X-Esauth-Signature: [REDACTED]",
			"X-Esauth-Access: ACCESS", `"name":"Server S"`, `"password":"[REDACTED]"`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s lacks %q:\n%s", name, want, out)
			}
		}
		for _, leak := range []string{"hunter2", "q-pw", "erver [REDACTED]", "[REDACTED]erver", "[REDACTED]ignature", sig} {
			if strings.Contains(out, leak) {
				t.Errorf("%s contains %q:\n%s", name, leak, out)
			}
		}
	}
	if out := trace.String(); !strings.Contains(out, "Set-Cookie: [REDACTED]") || strings.Contains(out, "pw-in-answer") {
		t.Errorf("the answer's credentials show in the trace:\n%s", out)
	}
}

// TestLongSecretFoundAnywhere: a secret long enough to be unambiguous is
// also replaced where no rule foresaw it.
func TestLongSecretFoundAnywhere(t *testing.T) {
	t.Parallel()
	r, err := http.NewRequest(http.MethodGet, "http://h.test/x?note="+testSecret[:8], nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("X-Echo", "prefix "+testSecret+" suffix")
	out := string(FormatRequest(r, []byte(`{"comment":"`+testSecret+`"}`), testSecret))
	if strings.Contains(out, testSecret) || strings.Count(out, redacted) != 2 {
		t.Errorf("a long secret in a header and a body field must be replaced (twice):\n%s", out)
	}
	if !strings.Contains(out, "note="+testSecret[:8]) {
		t.Errorf("a fragment of the secret is not the secret:\n%s", out)
	}
	if got := string(FormatRequest(r, nil, testSecret[:minSearchedSecret-1])); strings.Contains(got, redacted) {
		t.Errorf("a %d-character secret was searched for:\n%s", minSearchedSecret-1, got)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"http://u:pw@h.test/p":                           "http://u:xxxxx@h.test/p",
		"http://h.test/p?b=2&password=x&a=1":             "http://h.test/p?b=2&password=%5BREDACTED%5D&a=1",
		"http://h.test/infrastructure/Server?name=S":     "http://h.test/infrastructure/Server?name=S",
		"not a url %zz":                                  "not a url %zz",
		"https://h.test/p?secretKey=s&secretKey=t&x=%41": "https://h.test/p?secretKey=%5BREDACTED%5D&secretKey=%5BREDACTED%5D&x=%41",
	} {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStreamReturnsTheBodyAndErrorsAsDo(t *testing.T) {
	t.Parallel()
	var trace bytes.Buffer
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/missing") {
			return answer(404, nil, `{"error":{"message":"No such thing"}}`), nil
		}
		return answer(200, http.Header{"Content-Type": {"application/json"}}, `{"servers":[]}`), nil
	})
	c := testClient(t, rt, WithDebug(&trace))
	resp, body, err := c.Stream(t.Context(), &Request{Path: "infrastructure/Server"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(body)
	if err != nil || string(got) != `{"servers":[]}` || resp.Body != nil || body.Close() != nil {
		t.Errorf("streamed %q, %v; Response.Body %q", got, err, resp.Body)
	}
	if !strings.Contains(trace.String(), "< [body streamed to the caller, not shown]") {
		t.Errorf("trace:\n%s", trace.String())
	}
	if _, _, err := c.Stream(t.Context(), &Request{Path: "infrastructure/missing"}); !IsNotFound(err) || !strings.Contains(err.Error(), "No such thing") {
		t.Errorf("404 while streaming: %v", err)
	}
}

func TestAnswerFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ct, start string
		want      Format
		bad       bool
	}{
		{"application/json;charset=UTF-8", "{", FormatJSON, false},
		{"application/vnd.dcm+json", "{", FormatJSON, false},
		{"text/xml", "<a/>", FormatXML, false},
		{"", " <servers/>", FormatXML, false},
		{"", "{}", FormatJSON, false},
		{"text/plain; charset=utf-8", "{}", FormatJSON, false},
		{"text/html", "<html>", "", true},
		{"image/png", "", "", true},
		{"Application/JSON; charset=\"", "{", FormatJSON, false},
	} {
		got, err := AnswerFormat(http.Header{"Content-Type": {tc.ct}}, []byte(tc.start))
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("AnswerFormat(%q, %q) = %q, %v", tc.ct, tc.start, got, err)
		}
	}
}
