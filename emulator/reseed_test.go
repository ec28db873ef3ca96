package emulator_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// A reset loads the --seed document as it was at the start (kept packed,
// not parsed), whatever became of the file since.
func TestResetLoadsTheSeedAsStarted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "seed.json")
	writeSeed := func(name string) {
		doc := bytes.Replace(seed.DefaultJSON(), []byte(`"name":"web-01"`), []byte(`"name":"`+name+`"`), 1)
		if bytes.Equal(doc, seed.DefaultJSON()) {
			t.Fatal("the default seed has no server named web-01 to rename")
		}
		if err := os.WriteFile(file, doc, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeSeed("first-name")
	k := seed.APIKey{AccessKey: "RESEEDTESTACCESSKEY1", SecretKey: "reseed-test-secret-not-a-real-one"}
	st := store.NewMemory()
	lines, stop := startRunAll(t, emulator.Config{Listen: "127.0.0.1:0", Store: st, SeedFile: file, AccessKey: k.AccessKey, SecretKey: k.SecretKey})
	defer stop()
	endpoint, _ := printedKeys(t, lines)
	base := endpoint[:strings.Index(endpoint, "/api/")]
	reset := func() int {
		req, _ := http.NewRequest(http.MethodPost, base+"/_emulator/reset", nil)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	name := func() string {
		resp := signedGet(t, endpoint, "infrastructure/Server/331810", k.AccessKey, k.SecretKey)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var env struct {
			Servers []struct{ Name string } `json:"servers"`
		}
		if err := json.Unmarshal(b, &env); err != nil || len(env.Servers) != 1 {
			t.Fatalf("GET server 331810: %s %s", resp.Status, b)
		}
		return env.Servers[0].Name
	}
	if got := name(); got != "first-name" {
		t.Fatalf("server name %q as first seeded", got)
	}
	// Change the file, then remove it: a reset
	// loads the document as it was at the start, each time.
	writeSeed("second-name")
	for round := range 2 {
		if code := reset(); code != http.StatusOK {
			t.Fatalf("reset %d: %d", round, code)
		}
		if got := name(); got != "first-name" {
			t.Fatalf("server name %q after reset %d, want the seed's as it was at the start", got, round)
		}
		if err := os.Remove(file); err != nil && round == 0 {
			t.Fatal(err)
		}
	}
}
