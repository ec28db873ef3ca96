package output

import (
	"fmt"
	"strings"
)

// Format is an output format, the value of -o.
type Format string

// The output formats. Table is the default.
const (
	Table Format = "table" // aligned columns, long cells truncated; buffers a whole list
	Wide  Format = "wide"  // table with more columns, nothing truncated
	JSON  Format = "json"  // a list is a JSON array of the items, 2-space indent
	JSONL Format = "jsonl" // one compact JSON value per line
	YAML  Format = "yaml"  // a list is a YAML sequence
	CSV   Format = "csv"   // RFC 4180, header row of column paths
	TSV   Format = "tsv"   // tab-separated, backslash escapes (see package doc)
	XML   Format = "xml"   // collection element holding item elements, no declaration
)

// Formats lists every format, in the order help texts show them.
func Formats() []Format {
	return []Format{Table, Wide, JSON, YAML, CSV, TSV, XML, JSONL}
}

// ParseFormat reads the value of -o. The empty string is Table; matching
// is case-insensitive and "yml" is accepted for YAML.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	switch name {
	case "":
		return Table, nil
	case "yml":
		return YAML, nil
	}
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown output format %q (want one of %s)", s, strings.Join(names, ", "))
}

// tabular reports whether the format prints rows of cells.
func (f Format) tabular() bool {
	return f == Table || f == Wide || f == CSV || f == TSV
}
