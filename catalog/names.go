package catalog

import (
	"strings"
	"unicode"
)

// GoName is the Go name of a resource: its catalogue name with Go
// initialisms (ApiKey → APIKey, DnsZone → DNSZone). The SDK's types and
// services are named after it (APIKey, APIKeyService).
func (r *Resource) GoName() string { return GoName(r.Name) }

// GoName is the exported Go name of a wire name, initialisms in capitals
// (Go style: ServerID, not ServerId): "publicIpAddress" → PublicIPAddress.
func GoName(wire string) string {
	var b strings.Builder
	for _, w := range Words(wire) {
		lw := strings.ToLower(w)
		if isInitialism(lw) {
			b.WriteString(strings.ToUpper(lw))
			continue
		}
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return b.String()
}

// isInitialism says which words are written in capitals in Go names.
func isInitialism(lower string) bool {
	switch lower {
	case "id", "url", "ip", "dns", "cpu", "ssh", "api", "ssl", "cidr", "ntp", "guid", "http", "uri", "sms":
		return true
	}
	return false
}

// Words splits a camelCase wire name: "publicIpAddress" → public Ip Address,
// "cloudProviderLogoURL" → cloud Provider Logo URL.
func Words(s string) []string {
	var out []string
	rs := []rune(s)
	start := 0
	for i := 1; i < len(rs); i++ {
		prev, cur := rs[i-1], rs[i]
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		boundary := (unicode.IsLower(prev) || unicode.IsDigit(prev)) && unicode.IsUpper(cur) ||
			unicode.IsUpper(prev) && unicode.IsUpper(cur) && unicode.IsLower(next)
		if boundary {
			out = append(out, string(rs[start:i]))
			start = i
		}
	}
	return append(out, string(rs[start:]))
}
