package console

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// templateFuncs are the templates' helpers.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"tone": func(s string) string { return wire.StateTone(s).String() },
		"mark": toneMark,
		"ms": func(d time.Duration) string {
			return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
		},
		"clock":    func(t time.Time) string { return t.UTC().Format("15:04:05.000") },
		"stamp":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"statusTn": statusTone,
		"prefix":   func() string { return Prefix },
		"query":    func(kv ...any) template.URL { return template.URL(queryOf(kv...)) },
		"navItems": navItems,
	}
}

// navItem is one section of the console's navigation.
type navItem struct{ Key, Path, Label string }

func navItems() []navItem {
	return []navItem{
		{"overview", "", "Overview"}, {"resources", "resources", "Resources"}, {"jobs", "jobs", "Jobs"},
		{"requests", "requests", "Requests"}, {"faults", "faults", "Faults"}, {"keys", "keys", "Keys"},
	}
}

// toneMark is a state's symbol, so that a state reads without colour.
func toneMark(s string) string {
	switch wire.StateTone(s) {
	case wire.ToneGood:
		return "●"
	case wire.ToneBusy:
		return "◐"
	case wire.ToneBad:
		return "✕"
	}
	return ""
}

// statusTone is the tone of an HTTP status: 2xx/3xx good, 4xx busy, 5xx and
// dropped connections (0) bad.
func statusTone(status int) string {
	switch {
	case status == 0 || status >= 500:
		return wire.ToneBad.String()
	case status >= 400:
		return wire.ToneBusy.String()
	}
	return wire.ToneGood.String()
}

// queryOf builds "?k=v&…" from pairs, leaving out empty values.
func queryOf(kv ...any) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v := fmt.Sprint(kv[i+1])
		if v != "" && v != "0" {
			q.Set(fmt.Sprint(kv[i]), v)
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// cell is one table cell: its text, a link when it is a reference, and its
// tone when the column is a state.
type cell struct {
	Text string
	Link string
	Tone string
}

// pathValue reads a dotted path ("region.regionId") from an item.
func pathValue(item map[string]any, path string) any {
	var v any = item
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// cellOf renders one column of an item.
func (c *Console) cellOf(res *catalog.Resource, item map[string]any, col string, q string) cell {
	v := pathValue(item, col)
	out := cell{Text: text(v)}
	if wire.StateField(col) {
		out.Tone = wire.StateTone(out.Text).String()
	}
	if f, ok := res.Field(strings.SplitN(col, ".", 2)[0]); ok {
		if href := c.refLink(f, v, q); href != "" {
			out.Link = href
		}
	}
	if col == res.Key && out.Text != "" {
		out.Link = Prefix + "resources/" + res.Path + "/" + url.PathEscape(out.Text) + q
	}
	return out
}

// refLink is the console URL of a reference value, "" when it is none.
func (c *Console) refLink(f *catalog.Field, v any, q string) string {
	target, ok := c.cat.Resource(wire.RefTarget(f))
	if !ok || target.Flat {
		return ""
	}
	id := ""
	switch t := v.(type) {
	case map[string]any:
		id = text(t[target.Key])
		if id == "" && f.RefKey != "" {
			id = text(t[f.RefKey])
		}
	case json.Number, float64, string:
		if f.Ref != "" {
			id = text(t)
		}
	}
	if id == "" {
		return ""
	}
	return Prefix + "resources/" + target.Path + "/" + url.PathEscape(id) + q
}

// text is a value as a cell shows it: scalars as written, a reference
// object by its id, other objects and lists as compact JSON (cut).
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.HasSuffix(k, "Id") {
				return text(t[k])
			}
		}
	case []any:
		parts := make([]string, 0, len(t))
		for _, x := range t {
			parts = append(parts, text(x))
		}
		return cut(strings.Join(parts, ", "))
	}
	b, _ := json.Marshal(v)
	return cut(string(b))
}

func cut(s string) string {
	const n = 80
	if len(s) <= n {
		return s
	}
	for i := n; i > 0; i-- {
		if s[i]&0xc0 != 0x80 {
			return s[:i] + "…"
		}
	}
	return s[:n]
}
