package output

import (
	"bufio"

	"github.com/mixcoatl/mixcoatl/internal/jsontree"
)

// yamlEmitter writes YAML from the JSON items itself, instead of going
// through map[string]any, so that key order and number text survive; the
// tests read its output back with sigs.k8s.io/yaml. Lists are block
// sequences ("- " per item, written as they arrive); sequences inside
// mappings are not indented, as kubectl and sigs.k8s.io/yaml print them.
type yamlEmitter struct {
	w    *bufio.Writer
	list bool
	n    int
	buf  []byte
}

func (e *yamlEmitter) item(raw []byte) error {
	v, err := jsontree.Parse(raw)
	if err != nil {
		return err
	}
	e.n++
	if e.list {
		e.buf = jsontree.AppendYAMLItem(e.buf[:0], v)
	} else {
		e.buf = jsontree.AppendYAML(e.buf[:0], v)
	}
	_, err = e.w.Write(e.buf)
	return err
}

func (e *yamlEmitter) end() error {
	if e.list && e.n == 0 {
		_, err := e.w.WriteString("[]\n")
		return err
	}
	return nil
}
