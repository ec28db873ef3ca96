package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// emitter writes one document: a list of values or a single value, in
// one format. Items arrive one at a time as raw JSON; only the table
// emitter keeps them (as cells) until end.
type emitter interface {
	item(raw []byte) error
	end() error
}

// layout is what an emitter needs besides the writer.
type layout struct {
	list    bool     // a list (array, sequence, collection) rather than one document
	scalars bool     // the values are not objects: tabular formats print one cell per line
	columns []column // tabular columns; nil means derive from the first object
	derive  func(first *value) []column
	// XML element names: the collection ("servers") and each item ("server").
	collection, element string
	resource            *catalog.Resource // what the items are (nil: unknown); XML follows its fields
	noHeaders           bool
	emptyNote           string    // table only: printed on notes for an empty list
	notes               io.Writer // may be nil
	// Human output (Options.Terminal, Color, RefNames): cut long table
	// cells, colour states, escape csv and tsv cells, and name the
	// references of refs (the resource whose fields say which columns
	// are references; nil: none are).
	cut, color, escape bool
	names              RefNamer
	refs               *catalog.Resource
	lead               []column // Options.LeadColumns, before derived columns
}

func newEmitter(w *bufio.Writer, f Format, l layout) emitter {
	switch f {
	case JSON:
		return &jsonEmitter{w: w, list: l.list}
	case JSONL:
		return &jsonlEmitter{w: w}
	case YAML:
		return &yamlEmitter{w: w, list: l.list}
	case XML:
		return &xmlEmitter{w: w, l: l}
	case CSV, TSV:
		return newDelimitedEmitter(w, f, l)
	default:
		return &tableEmitter{w: w, wide: f == Wide, l: l}
	}
}

// jsonEmitter prints a list as a JSON array, indented by two spaces, one
// item at a time, and a single value as itself.
type jsonEmitter struct {
	w    *bufio.Writer
	list bool
	n    int
	buf  bytes.Buffer
}

func (e *jsonEmitter) item(raw []byte) error {
	e.buf.Reset()
	prefix := ""
	if e.list {
		prefix = "  "
	}
	if err := json.Indent(&e.buf, bytes.TrimSpace(raw), prefix, "  "); err != nil {
		return fmt.Errorf("invalid JSON item: %w", err)
	}
	switch {
	case !e.list:
	case e.n == 0:
		e.w.WriteString("[\n  ")
	default:
		e.w.WriteString(",\n  ")
	}
	e.n++
	e.w.Write(e.buf.Bytes())
	if !e.list {
		e.w.WriteByte('\n')
	}
	return nil
}

func (e *jsonEmitter) end() error {
	switch {
	case !e.list:
	case e.n == 0:
		e.w.WriteString("[]\n")
	default:
		e.w.WriteString("\n]\n")
	}
	return nil
}

// jsonlEmitter prints every value compactly on its own line.
type jsonlEmitter struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

func (e *jsonlEmitter) item(raw []byte) error {
	e.buf.Reset()
	if err := json.Compact(&e.buf, bytes.TrimSpace(raw)); err != nil {
		return fmt.Errorf("invalid JSON item: %w", err)
	}
	e.buf.WriteByte('\n')
	_, err := e.w.Write(e.buf.Bytes())
	return err
}

func (e *jsonlEmitter) end() error { return nil }
