package main

import (
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// TestResourceGoNames: types and service fields follow Go initialisms, and
// the former field name is kept only where it differs.
func TestResourceGoNames(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	for name, want := range map[string][3]string{
		"ApiKey":         {"APIKey", "APIKeys", "ApiKeys"},
		"DnsZone":        {"DNSZone", "DNSZones", "DnsZones"},
		"SslCertificate": {"SSLCertificate", "SSLCertificates", "SslCertificates"},
		"Server":         {"Server", "Servers", ""},
	} {
		r, ok := cat.Resource(name)
		if !ok {
			t.Fatalf("no resource %s", name)
		}
		if got := [3]string{r.GoName(), serviceField(r), formerServiceField(r)}; got != want {
			t.Errorf("%s: type, field, former field = %q, want %q", name, got, want)
		}
	}
}
