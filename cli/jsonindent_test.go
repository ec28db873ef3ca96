package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

var jsonIndentCorpus = []string{
	`{"dataCenters":[{"dataCenterId":64351,"zeta":"last","region":{"regionId":19344},"alpha":true,"x":null}]}`,
	`[]`, `{}`, `[ ]`, "{ \n }", `[[],{},[{}],{"a":[]}]`, `"a string \"with\" \\ escapes \u00e9 \/ \n"`,
	`-0`, `0.5e-10`, `123`, `1E+3`, `-12.30`, `true`, `false`, `null`, ` {"a" : 1 , "b":[1 ,2]} `,
	`{"é":"ü","k":"<&>\u2028"}`, "{\"a\":\"\xff\xfe\"}",
	// invalid
	``, ` `, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{1:2}`, `01`, `1.`, `1e`, `-`, `.5`, `+1`, `tru`, `nul`, `truex`,
	`[1 2]`, `{"a":1}{}`, `{"a":1} x`, "\"ctl\x01\"", `"\x"`, `"\u12g4"`, `"open`, `]`, `{"a":[1}`, `<html>`,
	`{"servers":[{"serverId":1},{"server`,
}

func TestIndentJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range jsonIndentCorpus {
		checkIndentJSON(t, []byte(in))
	}
}

func FuzzIndentJSON(f *testing.F) {
	for _, in := range jsonIndentCorpus {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkIndentJSON(t, in) })
}

// checkIndentJSON: valid input prints as json.Indent prints it (plus a
// newline), read in one go or byte by byte; invalid input is an error and
// every byte from the fault on is printed as received.
func checkIndentJSON(t *testing.T, in []byte) {
	t.Helper()
	var whole, bytewise bytes.Buffer
	err := indentJSON(&whole, bytes.NewReader(in))
	err2 := indentJSON(&bytewise, iotest.OneByteReader(bytes.NewReader(in)))
	if whole.String() != bytewise.String() || (err == nil) != (err2 == nil) {
		t.Fatalf("%q: chunking changed the result: %q (%v) vs %q (%v)", in, whole.String(), err, bytewise.String(), err2)
	}
	if json.Valid(in) {
		var want bytes.Buffer
		if ierr := json.Indent(&want, bytes.TrimSpace(in), "", "  "); ierr != nil {
			t.Fatalf("%q: json.Indent: %v", in, ierr)
		}
		want.WriteByte('\n')
		if err != nil || whole.String() != want.String() {
			t.Fatalf("%q: got %q, %v; want %q", in, whole.String(), err, want.String())
		}
		return
	}
	se, ok := errors.AsType[*jsonSyntaxError](err)
	if !ok {
		t.Fatalf("%q: invalid JSON accepted (err %v), printed %q", in, err, whole.String())
	}
	rest := string(in[min(se.Offset, int64(len(in))):])
	if out := whole.String(); !strings.HasSuffix(strings.TrimSuffix(out, "\n"), strings.TrimSuffix(rest, "\n")) || out != "" && !strings.HasSuffix(out, "\n") {
		t.Fatalf("%q: fault at %d, but the rest %q is not printed as received, on ended lines: %q", in, se.Offset, rest, out)
	}
}
