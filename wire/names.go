package wire

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Naming rules shared by every side: the element name of one entry of a
// plural member, plurals of nouns, command and flag spellings.

// Singular names one entry of a plural member or collection: "servers" →
// "server", "policies" → "policy", "addresses" → "address", "boxes" → "box".
// A name that is not a recognisable plural gets "Item" appended ("acl" →
// "aclItem", "runList" → "runListItem"), so an entry is never named like
// its list.
func Singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies") && len(name) > 3:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "sses"), strings.HasSuffix(name, "xes"),
		strings.HasSuffix(name, "ches"), strings.HasSuffix(name, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(name, "s") && len(name) > 1 && !strings.HasSuffix(name, "ss"):
		return name[:len(name)-1]
	}
	return name + "Item"
}

// Plural is the English plural of a noun in any of the catalogue's
// spellings ("Server", "data-center", "policy"): a noun already ending in
// "s" is taken as plural ("ServerAnalytics"), a consonant and "y" become
// "ies", "x", "ch" and "sh" take "es".
func Plural(noun string) string {
	switch {
	case noun == "":
		return noun
	case strings.HasSuffix(noun, "s"):
		return noun
	case strings.HasSuffix(noun, "y") && len(noun) > 1 && !isVowel(noun[len(noun)-2]):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouAEIOU", c) >= 0 }

// LowerFirst lower-cases the first letter: "MachineImage" → "machineImage",
// the wire spelling of a resource name inside a payload or an XML element.
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// UpperFirst upper-cases the first letter: "launch" → "Launch".
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Kebab turns a wire or resource name into a command or flag name:
// "DataCenter" → "data-center", "sizeInGb" → "size-in-gb", "unRegisterAgent"
// → "un-register-agent". Runs of capitals stay together ("cmAccountID" →
// "cm-account-id").
func Kebab(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsLower(rs[i+1])
			if prevLower || nextLower {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Spaced is Kebab with spaces, for prose: "DataCenter" → "data center".
func Spaced(s string) string { return strings.ReplaceAll(Kebab(s), "-", " ") }
