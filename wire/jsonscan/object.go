package jsonscan

// ObjectScanner walks the members of one JSON object in a single
// validating pass, yielding each member's name and raw value without
// decoding anything:
//
//	s := jsonscan.NewObjectScanner(b)
//	for s.Next() {
//		use(s.Key(), s.Value())
//	}
//	if !s.Done() { /* not a valid JSON object */ }
type ObjectScanner struct {
	data  []byte
	off   int
	state uint8
	bad   bool
	key   []byte
	val   []byte
}

const (
	objStart uint8 = iota
	objMember
	objDone
)

// NewObjectScanner starts scanning the JSON object b.
func NewObjectScanner(b []byte) ObjectScanner { return ObjectScanner{data: b} }

// Fail stops the scan: Next reports false and Done false from now on.
func (s *ObjectScanner) Fail() { s.bad = true }

// Failed reports whether the scan met something invalid or was failed.
func (s *ObjectScanner) Failed() bool { return s.bad }

func (s *ObjectScanner) fail() bool {
	s.bad = true
	return false
}

// Next advances to the next member, reporting false at the end of the
// object or on anything that is not valid JSON.
func (s *ObjectScanner) Next() bool {
	if s.bad || s.state == objDone {
		return false
	}
	data := s.data
	i := SkipSpace(data, s.off)
	if s.state == objStart {
		if i >= len(data) || data[i] != '{' {
			return s.fail()
		}
		i = SkipSpace(data, i+1)
		if i < len(data) && data[i] == '}' {
			return s.end(i + 1)
		}
	} else {
		switch {
		case i >= len(data):
			return s.fail()
		case data[i] == '}':
			return s.end(i + 1)
		case data[i] != ',':
			return s.fail()
		}
		i = SkipSpace(data, i+1)
	}
	if i >= len(data) || data[i] != '"' {
		return s.fail()
	}
	end, plain, ok := SkipString(data, i)
	if !ok {
		return s.fail()
	}
	if plain {
		s.key = data[i+1 : end-1]
	} else {
		k, ok := Unquote(data[i:end])
		if !ok {
			return s.fail()
		}
		s.key = []byte(k)
	}
	i = SkipSpace(data, end)
	if i >= len(data) || data[i] != ':' {
		return s.fail()
	}
	i = SkipSpace(data, i+1)
	vend, ok := skipValue(data, i, 1)
	if !ok {
		return s.fail()
	}
	s.val, s.off, s.state = data[i:vend], vend, objMember
	return true
}

// end accepts the closing brace at i-1; only white space may follow.
func (s *ObjectScanner) end(i int) bool {
	if SkipSpace(s.data, i) != len(s.data) {
		return s.fail()
	}
	s.state, s.off = objDone, i
	return false
}

// Key is the current member's name (valid until the next call to Next).
func (s *ObjectScanner) Key() []byte { return s.key }

// Value is the current member's raw JSON value, a slice of the input.
func (s *ObjectScanner) Value() []byte { return s.val }

// Done reports whether the whole object was scanned and was valid.
func (s *ObjectScanner) Done() bool { return !s.bad && s.state == objDone }
