package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// encodeJSON writes v with object keys in catalogue order (see
// shape.orderedKeys). encoding/json sorts map keys alphabetically, which would
// put serverId in the middle of a server, so the emulator has its own small
// encoder for the value kinds the engine produces; anything else is handed to
// encoding/json.
func encodeJSON(buf *bytes.Buffer, v any, s shape) error {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case string:
		writeJSONString(buf, x)
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			writeJSONString(buf, string(x)) // never emit an invalid number
		} else {
			buf.WriteString(string(x))
		}
	case int:
		buf.WriteString(strconv.Itoa(x))
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case map[string]any:
		buf.WriteByte('{')
		for i, k := range s.orderedKeys(x) {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSONString(buf, k)
			buf.WriteByte(':')
			if err := encodeJSON(buf, x[k], s.child(k)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeJSON(buf, e, s); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case []map[string]any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeJSON(buf, e, s); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Errorf("encode %T: %w", x, err)
		}
		buf.Write(b)
	}
	return nil
}

// writeJSONString writes s as a JSON string without HTML escaping.
func writeJSONString(buf *bytes.Buffer, s string) {
	if plainJSONString(s) {
		buf.WriteByte('"')
		buf.WriteString(s)
		buf.WriteByte('"')
		return
	}
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Write(bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'}))
}

// appendJSONString is writeJSONString appending to a byte slice.
func appendJSONString(b []byte, s string) []byte {
	if plainJSONString(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var buf bytes.Buffer
	writeJSONString(&buf, s)
	return append(b, buf.Bytes()...)
}

// plainJSONString reports whether s encodes as itself between quotes:
// printable ASCII without quotes or backslashes (encoding/json escapes
// nothing else of ASCII when HTML escaping is off).
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
