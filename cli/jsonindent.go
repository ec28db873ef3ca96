package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// indentJSON copies one JSON document from r to w indented by two spaces
// per level, exactly as json.Indent would print it (the server's key
// order, number text and string escapes kept; empty objects and arrays as
// {} and []), followed by a newline. It validates as it goes and holds one
// read buffer and the stack of open brackets, never the document, so a
// body of any size prints in bounded memory.
//
// On invalid or truncated input it stops indenting where the fault is,
// copies the rest of r to w as it came, and returns a *jsonSyntaxError: the
// output then holds every byte received.
func indentJSON(w io.Writer, r io.Reader) error {
	out := newLineOutput(w)
	in := &jsonIndenter{w: out.Writer}
	buf := make([]byte, 64<<10)
	for {
		n, rerr := r.Read(buf)
		if i, err := in.feed(buf[:n]); err != nil {
			_, _ = out.Write(buf[i:n])
			_, cerr := io.Copy(out, r)
			return out.finish(err, cerr)
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return out.finish(rerr)
		}
	}
	return out.finish(in.end())
}

// lineOutput is the buffered output of an indenter, which finish ends
// with a newline unless the last byte written was one.
type lineOutput struct {
	*bufio.Writer
	last *lastByte
}

type lastByte struct {
	w     io.Writer
	b     byte
	wrote bool
}

func (l *lastByte) Write(p []byte) (int, error) {
	if len(p) > 0 {
		l.b, l.wrote = p[len(p)-1], true
	}
	return l.w.Write(p)
}

func newLineOutput(w io.Writer) lineOutput {
	last := &lastByte{w: w}
	return lineOutput{Writer: bufio.NewWriterSize(last, 64<<10), last: last}
}

// finish flushes and ends the line; it returns errs joined with any error
// of its own.
func (o lineOutput) finish(errs ...error) error {
	err := o.Flush()
	if err == nil && o.last.wrote && o.last.b != '\n' {
		_, err = o.last.w.Write([]byte{'\n'})
	}
	return errors.Join(append(errs, err)...)
}

// jsonSyntaxError is the first fault in a JSON document, at a byte offset.
type jsonSyntaxError struct {
	Offset int64
	Msg    string
}

func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.Offset, e.Msg)
}

// maxJSONDepth is encoding/json's nesting limit, so that both accept the
// same documents.
const maxJSONDepth = 10000

type jsonState uint8

const (
	jsValue        jsonState = iota // a value is due
	jsValueOrClose                  // after '[': a value or ']'
	jsKeyOrClose                    // after '{': a key or '}'
	jsKey                           // after ',' in an object: a key
	jsColon                         // after a key
	jsAfter                         // after a value: ',', a close, or the end
	jsString                        // inside a string
	jsEscape                        // after '\' in a string
	jsHex                           // in the four digits of \u
	jsMinus                         // after '-'
	jsZero                          // after a leading 0
	jsInt                           // in the integer digits
	jsDot                           // after '.'
	jsFrac                          // in the fraction digits
	jsExp                           // after 'e' or 'E'
	jsExpSign                       // after the exponent's sign
	jsExpDigits                     // in the exponent digits
	jsLiteral                       // in true, false or null
)

// jsonIndenter is the state machine of indentJSON, fed chunk by chunk.
type jsonIndenter struct {
	w          *bufio.Writer
	state      jsonState
	stack      []byte // '{' or '[' of each open container
	needIndent bool   // a container was opened: indent before its first member
	strIsKey   bool   // the string being read is an object key
	hex        int    // \u digits still due
	literal    string // the literal being matched
	litPos     int
	off        int64 // bytes consumed before the current chunk
}

// feed consumes chunk; on a fault it returns the index of the offending
// byte and the error.
func (j *jsonIndenter) feed(chunk []byte) (int, error) {
	for i := 0; i < len(chunk); i++ {
		c := chunk[i]
		if j.state == jsString {
			// Copy the run of plain string bytes at once.
			k := i
			for k < len(chunk) && chunk[k] != '"' && chunk[k] != '\\' && chunk[k] >= 0x20 {
				k++
			}
			_, _ = j.w.Write(chunk[i:k])
			if i = k; i == len(chunk) {
				break
			}
			c = chunk[i]
		}
		if err := j.step(c); err != nil {
			return i, &jsonSyntaxError{Offset: j.off + int64(i), Msg: err.Error()}
		}
	}
	j.off += int64(len(chunk))
	return len(chunk), nil
}

// end checks that the document is complete.
func (j *jsonIndenter) end() error {
	switch j.state {
	case jsZero, jsInt, jsFrac, jsExpDigits:
		if len(j.stack) == 0 {
			return nil
		}
	case jsAfter:
		if len(j.stack) == 0 {
			return nil
		}
	}
	return &jsonSyntaxError{Offset: j.off, Msg: "the document ends early (truncated?)"}
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// step consumes one byte.
func (j *jsonIndenter) step(c byte) error {
	switch j.state {
	case jsValue, jsValueOrClose:
		if isJSONSpace(c) {
			return nil
		}
		if c == ']' && j.state == jsValueOrClose {
			return j.closeContainer(c)
		}
		return j.beginValue(c)
	case jsKeyOrClose, jsKey:
		switch {
		case isJSONSpace(c):
			return nil
		case c == '}' && j.state == jsKeyOrClose:
			return j.closeContainer(c)
		case c == '"':
			j.token(c)
			j.state, j.strIsKey = jsString, true
			return nil
		}
		return fmt.Errorf("%s where an object key was due", quoteByte(c))
	case jsColon:
		switch {
		case isJSONSpace(c):
			return nil
		case c == ':':
			_, _ = j.w.WriteString(": ")
			j.state = jsValue
			return nil
		}
		return fmt.Errorf("%s after an object key, where ':' was due", quoteByte(c))
	case jsAfter:
		return j.after(c)
	case jsString:
		return j.inString(c)
	case jsEscape:
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			j.state = jsString
		case 'u':
			j.state, j.hex = jsHex, 4
		default:
			return fmt.Errorf("%s in a string escape", quoteByte(c))
		}
		_ = j.w.WriteByte(c)
		return nil
	case jsHex:
		if !isHexDigit(c) {
			return fmt.Errorf("%s in a \\u escape", quoteByte(c))
		}
		_ = j.w.WriteByte(c)
		if j.hex--; j.hex == 0 {
			j.state = jsString
		}
		return nil
	case jsLiteral:
		if c != j.literal[j.litPos] {
			return fmt.Errorf("%s in the literal %s", quoteByte(c), j.literal)
		}
		_ = j.w.WriteByte(c)
		if j.litPos++; j.litPos == len(j.literal) {
			j.state = jsAfter
		}
		return nil
	}
	return j.inNumber(c)
}

// beginValue starts the value whose first byte is c.
func (j *jsonIndenter) beginValue(c byte) error {
	switch {
	case c == '{' || c == '[':
		if len(j.stack) >= maxJSONDepth {
			return fmt.Errorf("nesting deeper than %d", maxJSONDepth)
		}
		j.token(c)
		j.stack = append(j.stack, c)
		j.needIndent = true
		j.state = jsValueOrClose
		if c == '{' {
			j.state = jsKeyOrClose
		}
	case c == '"':
		j.token(c)
		j.state, j.strIsKey = jsString, false
	case c == '-':
		j.token(c)
		j.state = jsMinus
	case c == '0':
		j.token(c)
		j.state = jsZero
	case c >= '1' && c <= '9':
		j.token(c)
		j.state = jsInt
	case c == 't' || c == 'f' || c == 'n':
		j.token(c)
		switch c {
		case 't':
			j.literal = "true"
		case 'f':
			j.literal = "false"
		default:
			j.literal = "null"
		}
		j.state, j.litPos = jsLiteral, 1
	default:
		return fmt.Errorf("%s where a value was due", quoteByte(c))
	}
	return nil
}

// after handles the byte after a complete value.
func (j *jsonIndenter) after(c byte) error {
	if isJSONSpace(c) {
		return nil
	}
	if len(j.stack) == 0 {
		return fmt.Errorf("%s after the end of the document", quoteByte(c))
	}
	top := j.stack[len(j.stack)-1]
	switch {
	case c == ',':
		_ = j.w.WriteByte(',')
		j.newline(len(j.stack))
		j.state = jsValue
		if top == '{' {
			j.state = jsKey
		}
		return nil
	case c == '}' && top == '{', c == ']' && top == '[':
		return j.closeContainer(c)
	}
	return fmt.Errorf("%s after a value, where ',' or a closing bracket was due", quoteByte(c))
}

func (j *jsonIndenter) inString(c byte) error {
	switch {
	case c == '"':
		_ = j.w.WriteByte(c)
		j.state = jsAfter
		if j.strIsKey {
			j.state = jsColon
		}
	case c == '\\':
		_ = j.w.WriteByte(c)
		j.state = jsEscape
	case c < 0x20:
		return fmt.Errorf("control character %s in a string", quoteByte(c))
	default:
		_ = j.w.WriteByte(c)
	}
	return nil
}

// inNumber follows the number grammar; a byte that cannot continue the
// number ends it (where the number may end) and is handled after it.
func (j *jsonIndenter) inNumber(c byte) error {
	digit := c >= '0' && c <= '9'
	next := j.state
	switch j.state {
	case jsMinus:
		switch {
		case c == '0':
			next = jsZero
		case digit:
			next = jsInt
		default:
			return fmt.Errorf("%s after '-' in a number", quoteByte(c))
		}
	case jsZero, jsInt, jsFrac:
		switch {
		case digit && j.state != jsZero:
		case c == '.' && j.state != jsFrac:
			next = jsDot
		case c == 'e' || c == 'E':
			next = jsExp
		default: // the number ends here
			j.state = jsAfter
			return j.after(c)
		}
	case jsDot:
		if !digit {
			return fmt.Errorf("%s after the decimal point of a number", quoteByte(c))
		}
		next = jsFrac
	case jsExp:
		switch {
		case c == '+' || c == '-':
			next = jsExpSign
		case digit:
			next = jsExpDigits
		default:
			return fmt.Errorf("%s in the exponent of a number", quoteByte(c))
		}
	case jsExpSign:
		if !digit {
			return fmt.Errorf("%s in the exponent of a number", quoteByte(c))
		}
		next = jsExpDigits
	case jsExpDigits:
		if !digit {
			j.state = jsAfter
			return j.after(c)
		}
	}
	_ = j.w.WriteByte(c)
	j.state = next
	return nil
}

// token writes the first byte of a value or key, on a new line when it is
// the first member of a container.
func (j *jsonIndenter) token(c byte) {
	if j.needIndent {
		j.needIndent = false
		j.newline(len(j.stack))
	}
	_ = j.w.WriteByte(c)
}

// closeContainer writes c, which closes the innermost container: right
// after the opening bracket when it is empty ({} and []), else on its own
// line.
func (j *jsonIndenter) closeContainer(c byte) error {
	j.stack = j.stack[:len(j.stack)-1]
	if j.needIndent {
		j.needIndent = false
	} else {
		j.newline(len(j.stack))
	}
	_ = j.w.WriteByte(c)
	j.state = jsAfter
	return nil
}

func (j *jsonIndenter) newline(depth int) {
	_ = j.w.WriteByte('\n')
	for range depth {
		_, _ = j.w.WriteString("  ")
	}
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// quoteByte names a byte in a message.
func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
