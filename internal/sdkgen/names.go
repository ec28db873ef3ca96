package main

import (
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// snake is a file name for a resource: MachineImage → machine_image.
func snake(name string) string {
	var parts []string
	for _, w := range catalog.Words(name) {
		parts = append(parts, strings.ToLower(w))
	}
	return strings.Join(parts, "_")
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
