package wire

import (
	"strings"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// The XML vocabulary mirrors the JSON keys (spec §4): an object is an
// element named after its member, a reference's id is an attribute
// (<machineImage machineImageId="300"/>), and an array member wraps one
// element per entry. Every XML writer (the emulator's answers, the SDK's
// models, the CLI's -o xml) names elements through these functions.

// ItemElement names one entry of the array member (or collection) name,
// whose catalogue field is f (nil when unknown): an entry of a reference
// list is named after the referenced resource (<firewalls><firewall
// firewallId="1"/></firewalls>), anything else by Singular.
func ItemElement(name string, f *catalog.Field) string {
	if f != nil && f.Ref != "" {
		return LowerFirst(f.Ref)
	}
	return Singular(name)
}

// ResourceElement names the element of one item of a resource, inside its
// collection: "Server" → "server", "ServerAnalytics" → "serverAnalytics".
func ResourceElement(res *catalog.Resource) string { return LowerFirst(res.Name) }

// XMLName makes any JSON key a valid XML element name: only ASCII letters,
// digits, "_", "-" and "." are kept, anything else becomes "_" (XML allows
// many non-ASCII letters, but not all Unicode letters, and wire keys are
// ASCII), and a name that cannot start an element (a digit, "-", ".", or
// the reserved "xml" prefix) gets a leading "_". Wire keys are valid names
// already and pass unchanged.
func XMLName(s string) string {
	if s == "" {
		return "_"
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isASCIILetter(r) || r == '_':
			b.WriteRune(r)
		case r < utf8.RuneSelf && (r >= '0' && r <= '9' || r == '-' || r == '.'):
			if i == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		i += n
	}
	out := b.String()
	if strings.HasPrefix(strings.ToLower(out), "xml") {
		out = "_" + out
	}
	return out
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// XMLChar reports whether XML 1.0 allows r in a document.
func XMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
