package acceptance

// A deliberately independent client, written from the wire reference's
// section 3 (signing) and 5 (envelopes) only: it shares no code with dcm/ so
// that a bug in our client core cannot hide the same bug in the emulator.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

type rawClient struct {
	base    string // scheme://host:port
	version string
	access  string
	secret  string
	agent   string
	now     func() time.Time
	// tamper, when set, edits a signed request before it is sent.
	tamper func(*http.Request)
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(string(r.body)))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("status %d: body is not a JSON object: %v\n%s", r.status, err, r.body)
	}
	return m
}

func (r reply) errorMessage(t *testing.T) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	msg, _ := e["message"].(string)
	if msg == "" {
		t.Fatalf("status %d: no {\"error\":{\"message\"}} envelope: %s", r.status, r.body)
	}
	return msg
}

func (c *rawClient) do(t *testing.T, method, path string, q url.Values, body string) reply {
	t.Helper()
	signed := "/api/enstratus/" + c.version + "/" + path
	u := c.base + signed
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now
	if c.now != nil {
		now = c.now
	}
	ts := strconv.FormatInt(now().UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte(c.secret))
	mac.Write([]byte(c.access + ":" + method + ":" + signed + ":" + ts + ":" + c.agent))
	req.Header.Set("x-esauth-access", c.access)
	req.Header.Set("x-esauth-timestamp", ts)
	req.Header.Set("x-esauth-signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	req.Header.Set("User-Agent", c.agent)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("x-es-details", "basic")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.tamper != nil {
		c.tamper(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// items returns the array under the collection key, failing unless the
// envelope has exactly that one key.
func items(t *testing.T, r reply, collection string) []any {
	t.Helper()
	m := r.json(t)
	if len(m) != 1 {
		t.Fatalf("envelope must have one key %q, got %d keys: %s", collection, len(m), r.body)
	}
	list, ok := m[collection].([]any)
	if !ok {
		t.Fatalf("envelope key %q missing or not an array: %s", collection, r.body)
	}
	return list
}

func field(t *testing.T, item any, key string) string {
	t.Helper()
	m, ok := item.(map[string]any)
	if !ok {
		t.Fatalf("item is not an object: %v", item)
	}
	switch v := m[key].(type) {
	case json.Number:
		return v.String()
	case string:
		return v
	case nil:
		t.Fatalf("item has no %q: %v", key, m)
	}
	t.Fatalf("item field %q has unexpected type %T", key, m[key])
	return ""
}
