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
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Write(bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'}))
}
