package main

import (
	"strings"
	"unicode"
)

// isInitialism says which words are written in capitals in Go names (Go
// style: ServerID, not ServerId).
func isInitialism(lower string) bool {
	switch lower {
	case "id", "url", "ip", "dns", "cpu", "ssh", "api", "ssl", "cidr", "ntp", "guid", "http", "uri", "sms":
		return true
	}
	return false
}

// words splits a camelCase wire name: "publicIpAddress" → public Ip Address,
// "cloudProviderLogoURL" → cloud Provider Logo URL.
func words(s string) []string {
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

// goName is the exported Go name of a wire name.
func goName(wire string) string {
	var b strings.Builder
	for _, w := range words(wire) {
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

// plural names a resource's service field: Servers, Personalities, Analytics.
func plural(name string) string {
	switch {
	case strings.HasSuffix(name, "s"):
		return name
	case strings.HasSuffix(name, "y") && !strings.HasSuffix(name, "ay") && !strings.HasSuffix(name, "ey"):
		return name[:len(name)-1] + "ies"
	}
	return name + "s"
}

// snake is a file name for a resource: MachineImage → machine_image.
func snake(name string) string {
	var parts []string
	for _, w := range words(name) {
		parts = append(parts, strings.ToLower(w))
	}
	return strings.Join(parts, "_")
}

// lowerFirst: Server → server.
func lowerFirst(s string) string {
	rs := []rune(s)
	rs[0] = unicode.ToLower(rs[0])
	return string(rs)
}

// comment wraps text as a Go comment with the given indent.
func comment(indent, text string) string {
	var b strings.Builder
	line := indent + "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 100 && line != indent+"//" {
			b.WriteString(line + "\n")
			line = indent + "//"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
	return b.String()
}
