package emulator_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// manyServers is a seed document of one customer with n servers, signed
// with a key of the test's choosing.
func manyServers(n int) string {
	var b strings.Builder
	b.WriteString(`{"global":{},"customers":[{"customerId":30001,"apiKey":{"accessKey":"PAGINGTESTCUSTOMERAA","secretKey":"paging-test-secret","userId":-1},"resources":{"Server":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"serverId":%d,"name":"s-%d","status":"RUNNING"}`, 700000+i, i)
	}
	b.WriteString(`]}}]}`)
	return b.String()
}

// listIgnoringPages is what the original service's clients did: one GET,
// the items of its answer, x-es-last-page never read.
func listIgnoringPages(t *testing.T, endpoint string) int {
	t.Helper()
	resp := signedGet(t, endpoint, "infrastructure/Server", "PAGINGTESTCUSTOMERAA", "paging-test-secret")
	defer resp.Body.Close()
	var doc struct {
		Servers []json.RawMessage `json:"servers"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("list: %s %v", resp.Status, err)
	}
	return len(doc.Servers)
}

// `mixcoatl emulator` on default settings answers every list whole, so a
// client that ignores paging gets all 404 servers; with --page-size it
// pages (and that client would get one page).
func TestDefaultSettingsLoseNoItemsForClientsIgnoringPaging(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pageSize, want int
	}{{0, 404}, {250, 250}} {
		lines, stop := startRunAll(t, emulator.Config{Listen: "127.0.0.1:0", PageSize: tc.pageSize})
		endpoint, _ := printedKeys(t, lines)
		base := endpoint[:strings.Index(endpoint, "/api/")]
		req, _ := http.NewRequest(http.MethodPost, base+"/_emulator/seed", strings.NewReader(manyServers(404)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("seed: %s %s", resp.Status, b)
		}
		if got := listIgnoringPages(t, endpoint); got != tc.want {
			t.Errorf("--page-size %d: a client ignoring paging got %d servers, want %d", tc.pageSize, got, tc.want)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}
