package main

import (
	"strings"
	"unicode"

	"github.com/mixcoatl/mixcoatl/catalog"
)

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
	for _, w := range catalog.Words(name) {
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
