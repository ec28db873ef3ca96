package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// maxBodySize bounds a --data payload; real payloads are a few kilobytes.
const maxBodySize = 16 << 20

// loadBody reads --data (@file, - for stdin, or the payload itself) and
// validates it in the request's format, so a typo never reaches the API.
// JSON is compacted with its key order kept; an XML declaration is dropped
// because the API refused it (spec §4).
func loadBody(data string, stdin io.Reader, format dcm.Format) ([]byte, error) {
	raw, source, err := readData(data, stdin)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, usagef("--data: %s is empty", source)
	}
	if format == dcm.FormatXML {
		return checkXML(raw, source)
	}
	return checkJSON(raw, source)
}

func readData(data string, stdin io.Reader) ([]byte, string, error) {
	var (
		r      io.Reader
		source string
	)
	switch {
	case data == "-":
		r, source = stdin, "standard input"
	case strings.HasPrefix(data, "@"):
		name := data[1:]
		if name == "" {
			return nil, "", usagef("--data @: no file name after '@'")
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, "", usagef("--data: cannot read %s: %v", name, unwrapPathError(err))
		}
		defer f.Close()
		r, source = f, "file "+name
	default:
		return []byte(data), "the payload", nil
	}
	raw, err := io.ReadAll(io.LimitReader(r, maxBodySize+1))
	if err != nil {
		return nil, "", usagef("--data: cannot read %s: %v", source, err)
	}
	if len(raw) > maxBodySize {
		return nil, "", usagef("--data: %s is larger than %d bytes", source, maxBodySize)
	}
	return raw, source, nil
}

func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	return err
}

func checkJSON(raw []byte, source string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return nil, usagef("--data: %s is not valid JSON: %s", source, describeJSONError(raw, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, usagef("--data: %s is not valid JSON: more data after the first value at offset %d", source, dec.InputOffset())
	}
	var out bytes.Buffer
	if err := json.Compact(&out, v); err != nil {
		return nil, usagef("--data: %s is not valid JSON: %v", source, err)
	}
	return out.Bytes(), nil
}

// describeJSONError adds line and column to the decoder's byte offset.
func describeJSONError(raw []byte, err error) string {
	var offset int64 = -1
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		offset = se.Offset
	} else if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "it ends before the value is complete"
	}
	if offset < 1 || offset > int64(len(raw)) {
		return err.Error()
	}
	// Offset counts the bytes read, the offending one included.
	before := raw[:offset-1]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d: %v", line, col, err)
}

func checkXML(raw []byte, source string) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token() // Token, unlike RawToken, checks that tags match
		if err == io.EOF {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			return nil, usagef("--data: %s is not well-formed XML: line %d, column %d: %v", source, line, col, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 || roots != 1 {
		return nil, usagef("--data: %s is not well-formed XML: it must hold exactly one root element", source)
	}
	return stripXMLDeclaration(raw), nil
}

func stripXMLDeclaration(raw []byte) []byte {
	trimmed := bytes.TrimLeft(raw, " \t\r\n\ufeff")
	if !bytes.HasPrefix(trimmed, []byte("<?xml")) {
		return raw
	}
	end := bytes.Index(trimmed, []byte("?>"))
	if end < 0 {
		return raw
	}
	return bytes.TrimLeft(trimmed[end+2:], " \t\r\n")
}
