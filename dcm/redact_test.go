package dcm

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/wire"
)

func TestRedactBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		keep     []string
	}{
		{"json nested", `{"apiKeys":[{"accessKey":"AK","secretKey":"hunter2","user":{"password":{"x":"hunter2"}}}],"n":1.50}`,
			[]string{`"accessKey":"AK"`, `"n":1.50`, `"secretKey":"[REDACTED]"`, `"password":"[REDACTED]"`}},
		{"json all listed fields", `{"a":{"apiKeySecret":"hunter2","adminPassword":"hunter2","servicePassword":"hunter2","cloudConsolePassword":["hunter2"],"newPassword":"hunter2"}}`,
			[]string{`"apiKeySecret":"[REDACTED]"`, `"cloudConsolePassword":"[REDACTED]"`}},
		{"json array top", `[{"password":"hunter2"},{"name":"x"}]`, []string{`{"name":"x"}`}},
		{"xml element and attribute", `<addUser><user secretKey="hunter2"><name>x</name><password>hunter2</password><adminPassword><v>hunter2</v></adminPassword></user></addUser>`,
			[]string{`<name>x</name>`, `<password>[REDACTED]</password>`, `secretKey="[REDACTED]"`, `<adminPassword>[REDACTED]</adminPassword>`}},
		{"broken json", `{"password": "hunter2", "name": "x"`, []string{`"name": "x"`, `[REDACTED]`}},
		{"broken xml", `<user><servicePassword>hunter2</servicePassword><x>`, []string{`[REDACTED]`}},
		{"form-like text", `user=x&password=hunter2`, []string{`user=x`}},
		// The catalogue says where a secret is kept is no secret itself.
		{"json catalogue label", `{"computeSecretKeyLabel":"lbl","secretKey":"hunter2"}`,
			[]string{`"computeSecretKeyLabel":"lbl"`}},
		{"broken json catalogue label", `{"computeSecretKeyLabel": "lbl", "cloudApiSecretKey": "hunter2"`,
			[]string{`"computeSecretKeyLabel": "lbl"`, `"cloudApiSecretKey": "[REDACTED]"`}},
		{"broken json name after a name-like value", `{"note": "password": "hunter2", "x": 1`, []string{`"x": 1`}},
		{"broken xml unclosed secret", `<user><name>x</name><password>hunter2`, []string{`<name>x</name>`}},
		{"broken xml attribute", `<user adminPassword='hunter2' name="x">`, []string{`name="x"`}},
		{"broken xml empty secret element", `<user><password/><name>x</name>`, []string{`<name>x</name>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := string(RedactBody([]byte(tt.in)))
			if strings.Contains(out, "hunter2") {
				t.Errorf("RedactBody(%s) = %s: secret kept", tt.in, out)
			}
			for _, k := range tt.keep {
				if !strings.Contains(out, k) {
					t.Errorf("RedactBody(%s) = %s: want it to contain %s", tt.in, out, k)
				}
			}
		})
	}
}

func TestDebugTraceRedacts(t *testing.T) {
	t.Parallel()
	var trace bytes.Buffer
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return answer(201, http.Header{"X-Es-Request": {"r-9"}},
			`{"apiKeys":[{"accessKey":"NEWKEY","secretKey":"NEW-SECRET-VALUE"}]}`), nil
	})
	c := testClient(t, rt, WithDebug(&trace))
	resp, err := c.Do(t.Context(), &Request{Method: "POST", Path: "admin/ApiKey",
		Body: []byte(`{"generateApiKey":[{"name":"k","password":"hunter2"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(resp.Body, []byte("NEW-SECRET-VALUE")) {
		t.Error("the caller's response body was redacted too; only the trace should be")
	}
	out := trace.String()
	for _, secret := range []string{testSecret, "hunter2", "NEW-SECRET-VALUE", c.signatureForTest(t, &trace)} {
		if secret != "" && strings.Contains(out, secret) {
			t.Errorf("trace contains %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"> POST http://dcm.test:15000/api/enstratus/2015-05-25/admin/ApiKey", "< 201 Created",
		"X-Esauth-Signature: [REDACTED]", "X-Esauth-Access: ACCESS", `"name":"k"`, "NEWKEY"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
}

// signatureForTest recomputes the signature the traced request carried, so
// the test can check it is absent from the trace.
func (c *Client) signatureForTest(t *testing.T, trace *bytes.Buffer) string {
	t.Helper()
	for line := range strings.SplitSeq(trace.String(), "\n") {
		if ts, ok := strings.CutPrefix(line, "> X-Esauth-Timestamp: "); ok {
			var ms int64
			for _, ch := range ts {
				ms = ms*10 + int64(ch-'0')
			}
			return wire.Sign(c.cfg.SecretKey, wire.StringToSign(c.cfg.AccessKey, "POST", c.endpoint.Path()+"/admin/ApiKey", ms, c.userAgent))
		}
	}
	t.Fatal("no timestamp in the trace")
	return ""
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	t.Parallel()
	var sig string
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sig = r.Header.Get(HeaderSignature)
		return answer(500, nil, `<html>echo: password=hunter2 `+r.Header.Get(HeaderSignature)+`</html>`), nil
	})
	c := testClient(t, rt, WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := c.Get(t.Context(), "admin/User", nil)
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *APIError", err)
	}
	if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), sig) {
		t.Errorf("error message leaks a secret: %v", err)
	}
}
