package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// enumValues are the values a field's flag takes: an enum field's own;
// else, for a string field of a write payload or a filter, the values of
// the resource's field of the same name (a rule's direction is INGRESS or
// EGRESS whether it is read or written). open reports that other values
// are possible too (the catalogue's Open: the API grew values).
func enumValues(f *catalog.Field, res *catalog.Resource) (values []string, open bool) {
	if f.Type == catalog.TypeEnum && len(f.Values) > 0 {
		return f.Values, f.Open
	}
	if f.Type != catalog.TypeString || res == nil {
		return nil, false
	}
	if rf, ok := res.Field(f.Name); ok && rf.Type == catalog.TypeEnum && len(rf.Values) > 0 {
		return rf.Values, rf.Open
	}
	return nil, false
}

// paramValues are the values of a string query parameter, by the same rule.
func paramValues(p catalog.Param, res *catalog.Resource) ([]string, bool) {
	return enumValues(&catalog.Field{Name: p.Name, Type: p.Type}, res)
}

// valuesDoc lists allowed values for a flag's help.
func valuesDoc(values []string, open bool) string {
	s := "one of " + strings.Join(values, ", ")
	if open {
		s += ", or another the API knows"
	}
	return s
}

// checkValue refuses a value that is not one of values before anything is
// sent (the API would answer 400); case does not matter, the API's
// spelling is sent.
func checkValue(flag, text string, values []string) (string, error) {
	if i := slices.IndexFunc(values, func(v string) bool { return strings.EqualFold(v, strings.TrimSpace(text)) }); i >= 0 {
		return values[i], nil
	}
	return "", usagef("--%s %q: want one of %s", flag, text, strings.Join(values, ", "))
}

// enumFlagDoc is the help of a flag with allowed values.
func enumFlagDoc(doc string, values []string, open bool) string {
	if len(values) == 0 {
		return doc
	}
	return fmt.Sprintf("%s (%s)", doc, valuesDoc(values, open))
}
