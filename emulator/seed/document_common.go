package seed

import (
	"encoding/json"
	"slices"
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
	ok := commonObject(doc, documentMembers, func(i int, v []byte) (ok bool) {
		if i == 0 {
			out.Global, ok = commonSection(v)
			return ok
		}
		return v[0] == '[' && jsonscan.Elements(v, func(c []byte) bool {
			cu, ok := commonCustomer(c)
			out.Customers = append(out.Customers, cu)
			return ok
		})
	})
	if ok {
		s.Global, s.Customers = out.Global, out.Customers
	}
	return ok
}

// commonObject walks the object v, each of whose members must be one of
// names (spelled exactly) and given once, and decodes member names[i]'s
// value with decode(i, value); it reports whether all of that held.
func commonObject(v []byte, names []string, decode func(i int, v []byte) bool) bool {
	seen := make([]bool, len(names))
	return v[0] == '{' && jsonscan.Members(v, func(name, value []byte) bool {
		i := slices.Index(names, string(name))
		if i < 0 || seen[i] {
			return false
		}
		seen[i] = true
		return decode(i, value)
	})
}

// commonCustomer decodes one element of "customers".
func commonCustomer(c []byte) (Customer, bool) {
	var cu Customer
	ok := commonObject(c, customerMembers, func(i int, v []byte) (ok bool) {
		switch i {
		case 0:
			cu.CustomerID, ok = commonInt(v)
		case 1:
			cu.APIKey, ok = commonAPIKey(v)
		default:
			cu.Resources, ok = commonSection(v)
		}
		return ok
	})
	return cu, ok
}

// commonAPIKey decodes a customer's "apiKey".
func commonAPIKey(v []byte) (APIKey, bool) {
	var k APIKey
	ok := commonObject(v, apiKeyMembers, func(i int, v []byte) (ok bool) {
		switch i {
		case 0:
			k.AccessKey, ok = commonString(v)
		case 1:
			k.SecretKey, ok = commonString(v)
		default:
			k.UserID, ok = commonInt(v)
		}
		return ok
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
