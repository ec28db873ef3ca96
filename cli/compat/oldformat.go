package compat

import (
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// How mixcoatl 1.5.1 turned an answer into what its tools printed. Each
// listed object went through three steps, and each step shows in the
// output:
//
//  1. Its JSON was read into a Python 2 dict, then every key at every depth
//     of dicts and of lists of dicts was renamed from camelCase to
//     snake_case (uncamel) into a new dict. A list nested directly in a
//     list kept its dicts as they were.
//  2. The dict became the namespace of a new class, type(name, (object,),
//     d): a copy of d, to which Python added __module__, __dict__,
//     __weakref__ and __doc__.
//  3. --json, --xml and --csv (print_format) read that namespace back into
//     a new dict, without the names holding "__", and printed the list of
//     those dicts. JSON sorts its keys; XML and CSV print them in the
//     dict's own order, which Python 2 derived from the keys' hashes and
//     from every insertion and resize of steps 1 to 3 (see package py2).

// uncamel is snake_case of a camelCase key: an underscore before every
// capital that follows a small letter or that is followed by neither a
// capital nor the end (ASCII letters only), then lower case, without
// leading or trailing underscores. "dataCenterId" is "data_center_id",
// "cloudProviderConsoleURL" "cloud_provider_console_url".
func uncamel(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if isUpper(r) {
			afterLower := i > 0 && isLower(rs[i-1])
			beforeLowerOrOther := i+1 < len(rs) && !isUpper(rs[i+1])
			if afterLower || beforeLowerOrOther {
				b.WriteByte('_')
			}
		}
		b.WriteRune(r)
	}
	return strings.Trim(strings.ToLower(b.String()), "_")
}

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }
func isLower(r rune) bool { return r >= 'a' && r <= 'z' }

// uncamelKeys is step 1 for one value: a dict is rebuilt with snake_case
// keys, inserted in the old dict's order; a list has its dicts rebuilt;
// anything else (a list nested in a list too) is kept.
func uncamelKeys(v any) any {
	d, ok := v.(*py2.Dict)
	if !ok {
		return v
	}
	out := py2.NewDict()
	for _, k := range d.Keys() {
		val, _ := d.Get(k)
		if list, ok := val.([]any); ok {
			conv := make([]any, len(list))
			for i, e := range list {
				conv[i] = uncamelKeys(e)
			}
			val = conv
		} else {
			val = uncamelKeys(val)
		}
		out.Set(uncamel(k), val)
	}
	return out
}

// publicDict is steps 2 and 3: the dict print_format made of the class
// built from d.
func publicDict(d *py2.Dict) *py2.Dict {
	ns := d.Copy()
	for _, name := range []string{"__module__", "__dict__", "__weakref__", "__doc__"} {
		if _, ok := ns.Get(name); !ok {
			ns.Set(name, nil)
		}
	}
	out := py2.NewDict()
	for _, k := range ns.Keys() {
		if !strings.Contains(k, "__") {
			v, _ := ns.Get(k)
			out.Set(k, v)
		}
	}
	return out
}

// printFormat is print_format(results, format) of a list of objects as
// step 1 left them: JSON (sorted keys, indent 4), XML or CSV. An empty list
// has no CSV: the old tool failed there (errNoCSV).
func printFormat(items []*py2.Dict, format string) (string, error) {
	public := make([]any, len(items))
	dicts := make([]*py2.Dict, len(items))
	for i, it := range items {
		dicts[i] = publicDict(it)
		public[i] = dicts[i]
	}
	switch format {
	case "xml":
		return xmlDocument(public), nil
	case "csv":
		return toCSV(dicts)
	}
	return py2.DumpJSON(public, 4), nil
}

// formatDict is format_dict(v, format) for a value that is not a listed
// object (the license, the list of API versions).
func formatDict(v any, format string) (string, error) {
	switch format {
	case "xml":
		return xmlDocument(v), nil
	case "csv":
		d, ok := v.(*py2.Dict)
		if !ok {
			return "", errNoCSV()
		}
		return toCSV([]*py2.Dict{d})
	}
	return py2.DumpJSON(v, 4), nil
}

// xmlDocument wraps the items as the old tools did: a declaration, <root>,
// a space, an <item> per object, a space, </root>.
func xmlDocument(v any) string {
	return `<?xml version="1.0" ?><root> ` + py2.UnparseXML("item", v) + ` </root>`
}

// toCSV is mixcoatl's own to_csv: a header of the first object's keys in
// its order, then one line per object with the object's own keys in its
// own order (not necessarily the header's). Every cell is str(value) in
// double quotes; quotes inside are not escaped (the old code's replace
// was a no-op); a dict cell is its first value (in the dict's order), an
// empty dict "". Lines are joined by "\n", with no newline at the end.
func toCSV(rows []*py2.Dict) (string, error) {
	if len(rows) == 0 {
		return "", errNoCSV()
	}
	var b strings.Builder
	b.WriteString(csvLine(rows[0].Keys(), func(k string) string { return k }))
	for _, row := range rows {
		b.WriteString("\n")
		b.WriteString(csvLine(row.Keys(), func(k string) string {
			v, _ := row.Get(k)
			if d, ok := v.(*py2.Dict); ok {
				if d.Len() == 0 {
					return ""
				}
				first, _ := d.Get(d.Keys()[0])
				return py2.Str(first)
			}
			return py2.Str(v)
		}))
	}
	return b.String(), nil
}

func csvLine(keys []string, cell func(string) string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = `"` + cell(k) + `"`
	}
	return strings.Join(parts, ",")
}
