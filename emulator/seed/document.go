package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// decodeDocument decodes a seed document into s like a json.Decoder with
// DisallowUnknownFields, without copying it: a Decoder reads the whole
// top-level value into a buffer of its own (grown by doubling) before
// decoding it, and a json.RawMessage copies its object, which for a big
// seed file made three copies of the document at the peak of a start-up.
// When the document is valid JSON it is decoded in place, the objects stay
// slices of b, and the member names are checked by a scan; anything else
// goes through the Decoder, which words the error.
func decodeDocument(b []byte, s *Seed) error {
	start := jsonscan.SkipSpace(b, 0)
	end, ok := jsonscan.SkipValue(b, start)
	if !ok {
		return decodeStrictly(b, s)
	}
	if jsonscan.SkipSpace(b, end) != len(b) {
		return errors.New("seed: trailing data after the seed document")
	}
	doc := b[start:end]
	if decodeCommon(doc, s) {
		return nil
	}
	return decodeSkeleton(doc, s)
}

// decodeSkeleton decodes the valid document doc with json.Unmarshal into
// a Seed whose objects are slices of doc, and checks its member names.
func decodeSkeleton(doc []byte, s *Seed) error {
	// Seed with objects that are slices of doc (local names: encoding/json
	// errors name the struct).
	type (
		Customer struct {
			CustomerID int64      `json:"customerId"`
			APIKey     APIKey     `json:"apiKey"`
			Resources  docSection `json:"resources"`
		}
		Seed struct {
			Global    docSection `json:"global"`
			Customers []Customer `json:"customers"`
		}
	)
	var d Seed
	if err := json.Unmarshal(doc, &d); err != nil {
		return fmt.Errorf("seed: not a seed document: %w", err)
	}
	if name := unknownMember(doc); name != "" {
		return fmt.Errorf("seed: not a seed document: json: unknown field %q", name)
	}
	s.Global = d.Global.section()
	for _, c := range d.Customers {
		s.Customers = append(s.Customers, customer(c.CustomerID, c.APIKey, c.Resources))
	}
	return nil
}

// customer is the Customer of a document decoded in place.
func customer(id int64, key APIKey, res docSection) Customer {
	return Customer{CustomerID: id, APIKey: key, Resources: res.section()}
}

// docSection is a section of a document decoded in place.
type docSection map[string][]docObject

// docObject is a json.RawMessage that is a slice of the document instead
// of a copy: json.Unmarshal hands UnmarshalJSON a slice of its input,
// which it never modifies.
type docObject []byte

func (o *docObject) UnmarshalJSON(b []byte) error {
	*o = b[:len(b):len(b)]
	return nil
}

func (d docSection) section() map[string][]json.RawMessage {
	if d == nil {
		return nil
	}
	out := make(map[string][]json.RawMessage, len(d))
	for name, objs := range d {
		raws := make([]json.RawMessage, len(objs))
		for i, o := range objs {
			raws[i] = json.RawMessage(o)
		}
		out[name] = raws
	}
	return out
}

// decodeStrictly is the Decoder path.
func decodeStrictly(b []byte, s *Seed) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(s); err != nil {
		return fmt.Errorf("seed: not a seed document: %w", err)
	}
	if dec.More() {
		return errors.New("seed: trailing data after the seed document")
	}
	return nil
}

// The member names of a seed document's objects, matched as encoding/json
// matches struct fields (case-insensitively).
var (
	documentMembers = []string{"global", "customers"}
	customerMembers = []string{"customerId", "apiKey", "resources"}
	apiKeyMembers   = []string{"accessKey", "secretKey", "userId"}
)

// unknownMember returns the first member name of doc (which decoded as a
// Seed) that Seed's fields do not name, "" when there is none.
func unknownMember(doc []byte) string {
	return scanMembers(doc, documentMembers, func(name string, v []byte) string {
		if name != "customers" || v[0] != '[' {
			return ""
		}
		var unknown string
		jsonscan.Elements(v, func(c []byte) bool {
			if c[0] == '{' {
				unknown = scanMembers(c, customerMembers, func(name string, v []byte) string {
					if name == "apiKey" && v[0] == '{' {
						return scanMembers(v, apiKeyMembers, nil)
					}
					return ""
				})
			}
			return unknown == ""
		})
		return unknown
	})
}

// scanMembers checks the member names of the object obj against known and
// calls inner (when set) with each known member's name and value; it
// returns the first unknown name or inner's first non-empty answer.
func scanMembers(obj []byte, known []string, inner func(name string, v []byte) string) string {
	sc := jsonscan.NewObjectScanner(obj)
	for sc.Next() {
		i := slices.IndexFunc(known, func(k string) bool { return bytes.EqualFold([]byte(k), sc.Key()) })
		if i < 0 {
			return string(sc.Key())
		}
		if inner != nil {
			if u := inner(known[i], sc.Value()); u != "" {
				return u
			}
		}
	}
	return ""
}
