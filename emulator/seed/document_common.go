package seed

import (
	"encoding/json"
	"strconv"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// decodeCommon decodes the document doc, which the scanner has validated,
// when it has the shape programs write: every member named exactly as the
// Seed's fields are tagged and given once, every value of the kind its
// field takes (objects, arrays of objects, integers, strings; no null).
// That is the whole of what json.Unmarshal and unknownMember would do with
// such a document, done in one walk that does not validate it again,
// instead of three passes (Unmarshal validates the document again, then
// decodes it, then the member names are scanned). It reports false,
// having set nothing, on anything else: decodeSkeleton then decodes it,
// whatever the case of its names, or words the error. FuzzDecodeCommon
// holds the two routes to the same Seed.
func decodeCommon(doc []byte, s *Seed) bool {
	var out Seed
	var seen [2]bool
	ok := doc[0] == '{' && jsonscan.Members(doc, func(name, v []byte) bool {
		switch string(name) {
		case "global":
			var ok bool
			out.Global, ok = commonSection(v)
			return ok && once(&seen[0])
		case "customers":
			return v[0] == '[' && once(&seen[1]) && jsonscan.Elements(v, func(c []byte) bool {
				cu, ok := commonCustomer(c)
				out.Customers = append(out.Customers, cu)
				return ok
			})
		}
		return false
	})
	if ok {
		s.Global, s.Customers = out.Global, out.Customers
	}
	return ok
}

// once marks a member seen and reports whether it was not before.
func once(seen *bool) bool {
	first := !*seen
	*seen = true
	return first
}

// commonCustomer decodes one element of "customers".
func commonCustomer(c []byte) (Customer, bool) {
	var cu Customer
	var seen [3]bool
	ok := c[0] == '{' && jsonscan.Members(c, func(name, v []byte) bool {
		var ok bool
		switch string(name) {
		case "customerId":
			cu.CustomerID, ok = commonInt(v)
			return ok && once(&seen[0])
		case "apiKey":
			cu.APIKey, ok = commonAPIKey(v)
			return ok && once(&seen[1])
		case "resources":
			cu.Resources, ok = commonSection(v)
			return ok && once(&seen[2])
		}
		return false
	})
	return cu, ok
}

// commonAPIKey decodes a customer's "apiKey".
func commonAPIKey(v []byte) (APIKey, bool) {
	var k APIKey
	var seen [3]bool
	ok := v[0] == '{' && jsonscan.Members(v, func(name, v []byte) bool {
		var ok bool
		switch string(name) {
		case "accessKey":
			k.AccessKey, ok = commonString(v)
			return ok && once(&seen[0])
		case "secretKey":
			k.SecretKey, ok = commonString(v)
			return ok && once(&seen[1])
		case "userId":
			k.UserID, ok = commonInt(v)
			return ok && once(&seen[2])
		}
		return false
	})
	return k, ok
}

// commonSection decodes a section: resource names to arrays of objects,
// each a slice of the document (as docObject keeps them).
func commonSection(v []byte) (map[string][]json.RawMessage, bool) {
	if v[0] != '{' {
		return nil, false
	}
	out := map[string][]json.RawMessage{}
	ok := jsonscan.Members(v, func(name, arr []byte) bool {
		if _, dup := out[string(name)]; dup || arr[0] != '[' {
			return false
		}
		objs := []json.RawMessage{}
		ok := jsonscan.Elements(arr, func(o []byte) bool {
			objs = append(objs, o[:len(o):len(o)])
			return o[0] == '{'
		})
		out[string(name)] = objs
		return ok
	})
	return out, ok
}

// commonInt is an integer member as json.Unmarshal decodes it into an
// int64 (a literal with no fraction or exponent, in range).
func commonInt(v []byte) (int64, bool) {
	if v[0] != '-' && (v[0] < '0' || v[0] > '9') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// commonString is a string member.
func commonString(v []byte) (string, bool) {
	if v[0] != '"' {
		return "", false
	}
	return jsonscan.Unquote(v)
}
