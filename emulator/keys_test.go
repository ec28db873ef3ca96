package emulator_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// startRunAll runs the emulator command and returns every line it printed
// up to the end of the start-up settings.
func startRunAll(t *testing.T, cfg emulator.Config) ([]string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := emulator.Run(ctx, cfg, pw)
		pw.CloseWithError(io.EOF)
		done <- err
	}()
	var lines []string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.HasPrefix(sc.Text(), "(") || strings.Contains(sc.Text(), "secret as configured") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if len(lines) < 3 {
		cancel()
		t.Fatalf("Run printed %q (error: %v)", lines, <-done)
	}
	return lines, func() error { cancel(); return <-done }
}

// printedKeys reads the key pairs a first start printed, by customer.
func printedKeys(t *testing.T, lines []string) (endpoint string, keys map[int64]seed.APIKey) {
	t.Helper()
	keys = map[int64]seed.APIKey{}
	var first seed.APIKey
	for _, l := range lines {
		k, v, _ := strings.Cut(l, "=")
		switch k {
		case "DCM_ENDPOINT":
			endpoint = v
		case "DCM_ACCESS_KEY":
			first.AccessKey = v
		case "DCM_SECRET_KEY":
			first.SecretKey = v
		}
		var c int64
		var k2 seed.APIKey
		if n, _ := fmt.Sscanf(l, "customer %d (user %d): access key %s secret key %s", &c, &k2.UserID, &k2.AccessKey, &k2.SecretKey); n == 4 {
			k2.AccessKey = strings.TrimSuffix(k2.AccessKey, ",")
			keys[c] = k2
		}
	}
	keys[10001] = first
	return endpoint, keys
}

// Every seeded customer gets a key pair of its own at the first start of a
// state: two fresh state files share none, and the pairs published in the
// built-in seed open nothing.
func TestSeededKeysAreFreshPerState(t *testing.T) {
	t.Parallel()
	published := seed.Default().Customers
	var seen []map[int64]seed.APIKey
	for i := range 2 {
		data := filepath.Join(t.TempDir(), fmt.Sprintf("state%d.db", i))
		lines, stop := startRunAll(t, emulator.Config{Listen: "127.0.0.1:0", Store: openData(t, data), State: data})
		endpoint, keys := printedKeys(t, lines)
		if len(keys) != len(published) {
			t.Fatalf("printed %d key pairs, want one per seeded customer (%d):\n%s", len(keys), len(published), strings.Join(lines, "\n"))
		}
		for _, c := range published {
			k := keys[c.CustomerID]
			if len(k.AccessKey) != 20 || len(k.SecretKey) != 40 || k.AccessKey == c.APIKey.AccessKey || k.SecretKey == c.APIKey.SecretKey {
				t.Fatalf("customer %d got %+v (published: %+v)", c.CustomerID, k, c.APIKey)
			}
			if resp := signedGet(t, endpoint, "admin/Customer", k.AccessKey, k.SecretKey); resp.StatusCode != http.StatusOK {
				t.Errorf("customer %d's printed key: %s", c.CustomerID, resp.Status)
			}
			if resp := signedGet(t, endpoint, "admin/Customer", c.APIKey.AccessKey, c.APIKey.SecretKey); resp.StatusCode != http.StatusForbidden {
				t.Errorf("customer %d's published key: %s, want 403", c.CustomerID, resp.Status)
			}
		}
		seen = append(seen, keys)
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
	for c, k := range seen[0] {
		if seen[1][c].AccessKey == k.AccessKey || seen[1][c].SecretKey == k.SecretKey {
			t.Errorf("customer %d has the same key in two fresh states", c)
		}
	}
}

// A reset loads the seed again with the same keys; `keys` lists them, and
// the keys made through the API since, from the state file.
func TestResetKeepsKeysAndKeysListsThem(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "state.db")
	st := openData(t, data)
	lines, stop := startRunAll(t, emulator.Config{Listen: "127.0.0.1:0", Store: st})
	defer stop()
	endpoint, keys := printedKeys(t, lines)
	base := endpoint[:strings.Index(endpoint, "/api/")]
	req, _ := http.NewRequest(http.MethodPost, base+"/_emulator/reset", nil)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %v %v", resp, err)
	}
	resp.Body.Close()
	for c, k := range keys {
		if resp := signedGet(t, endpoint, "admin/Customer", k.AccessKey, k.SecretKey); resp.StatusCode != http.StatusOK {
			t.Errorf("customer %d's key after the reset: %s", c, resp.Status)
		}
	}
	// A key made through the API is listed too.
	u := endpoint + "/admin/ApiKey"
	req, _ = http.NewRequest(http.MethodPost, u, strings.NewReader(`{"generateApiKey":[{"name":"ci","description":"for CI"}]}`))
	signHeaders(req, keys[10002], timeNow(), testAgent)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("generateApiKey: %v %v", resp, err)
	}
	var made struct {
		APIKeys []struct {
			AccessKey, SecretKey string
		} `json:"apiKeys"`
	}
	err = json.NewDecoder(resp.Body).Decode(&made)
	resp.Body.Close()
	if err != nil || len(made.APIKeys) != 1 {
		t.Fatalf("generateApiKey answer: %v %+v", err, made)
	}
	listed, err := emulator.Keys(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{made.APIKeys[0].AccessKey: made.APIKeys[0].SecretKey}
	for _, k := range keys {
		want[k.AccessKey] = k.SecretKey
	}
	for _, k := range listed {
		if s, ok := want[k.AccessKey]; ok && s == k.SecretKey && k.Active {
			delete(want, k.AccessKey)
		}
	}
	if len(want) > 0 {
		t.Errorf("keys does not list %v; it lists %+v", want, listed)
	}
}

// Keys of a store never seeded: none, and no error.
func TestKeysOfAnEmptyStore(t *testing.T) {
	t.Parallel()
	keys, err := emulator.Keys(context.Background(), store.NewMemory())
	if err != nil || len(keys) != 0 {
		t.Fatalf("Keys of an empty store: %v, %v", keys, err)
	}
}
