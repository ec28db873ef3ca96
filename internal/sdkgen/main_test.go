package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// TestGeneratedFilesAreFresh fails when the committed generated files differ
// from what the catalogue produces now; run `go generate ./sdk/...`.
func TestGeneratedFilesAreFresh(t *testing.T) {
	t.Parallel()
	files, err := Generate(catalog.Load())
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	for _, p := range sortedKeys(files) {
		got, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./sdk/...)", p, err)
			continue
		}
		if string(got) != string(files[p]) {
			t.Errorf("%s is stale: run go generate ./sdk/...", p)
		}
	}
	stale, err := staleGenerated(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		t.Errorf("%s is generated for a resource no longer in the catalogue: run go generate ./sdk/...", p)
	}
}

func TestEveryResourceGetsAModelAndAService(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	files, err := Generate(cat)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Resources) != 53 {
		t.Errorf("catalogue has %d resources, the SDK was specified for 53", len(cat.Resources))
	}
	for _, r := range cat.Resources {
		for _, p := range []string{"sdk/models/" + snake(r.Name) + "_gen.go", r.Scope + "/" + snake(r.Name) + "_gen.go"} {
			if _, ok := files[p]; !ok {
				t.Errorf("%s: no %s", r.Name, p)
			}
		}
	}
}

func TestGoNames(t *testing.T) {
	t.Parallel()
	for wire, want := range map[string]string{
		"serverId":             "ServerID",
		"publicIpAddress":      "PublicIPAddress",
		"cloudProviderLogoURL": "CloudProviderLogoURL",
		"cpuInGHz":             "CPUInGHz",
		"dnsServers":           "DNSServers",
		"name":                 "Name",
		"generateApiKey":       "GenerateAPIKey",
	} {
		if got := catalog.GoName(wire); got != want {
			t.Errorf("catalog.GoName(%q) = %q, want %q", wire, got, want)
		}
	}
	for name, want := range map[string]string{"Server": "Servers", "Personality": "Personalities", "ServerAnalytics": "ServerAnalytics"} {
		if got := wire.Plural(name); got != want {
			t.Errorf("wire.Plural(%q) = %q, want %q", name, got, want)
		}
	}
}
