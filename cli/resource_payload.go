package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/pflag"
)

// fieldFlag is the flag generated for one payload field; exactly one of
// the value pointers is set, by the field's type.
type fieldFlag struct {
	field *catalog.Field
	flag  string
	// byName is set when the field references a resource users may name
	// (one with lookup fields): the flag then takes a name or an id.
	byName bool
	// values are the allowed values (enumValues); open ones may be
	// others too.
	values []string
	open   bool
	// intRef is the resource an integer field holds an id of, when it may
	// be named (see intRef); the flag is then a string.
	intRef string
	str    *string
	strs   *[]string
	num    *int64
	float  *float64
	bool   *bool
}

// intRef is the resource an integer payload field holds an id of, when
// people may name it: a budget (payloads call billing codes so), or a
// <resource>Id field such as a rule's firewallId.
func intRef(cat *catalog.Catalog, f *catalog.Field) string {
	switch {
	case f.Type != catalog.TypeInt:
		return ""
	case budgetField(f):
		return "BillingCode"
	}
	return filterResource(cat, f.Name)
}

// fileFields are string fields long enough that @FILE is accepted.
func fileField(f *catalog.Field) bool {
	return f.Name == "userData" || f.Name == "sshPublicKey"
}

func newFieldFlag(fs *pflag.FlagSet, cat *catalog.Catalog, f *catalog.Field, res *catalog.Resource) *fieldFlag {
	ff := &fieldFlag{field: f, flag: wire.Kebab(f.Name), byName: f.Ref != "" && nameResolvable(cat, f.Ref)}
	ff.intRef = intRef(cat, f)
	ff.values, ff.open = enumValues(f, res)
	doc := ff.doc()
	switch f.Type {
	case catalog.TypeInt:
		if ff.intRef != "" {
			ff.str = fs.String(ff.flag, "", doc)
			break
		}
		ff.num = fs.Int64(ff.flag, 0, doc)
	case catalog.TypeNumber:
		ff.float = fs.Float64(ff.flag, 0, doc)
	case catalog.TypeBool:
		ff.bool = fs.Bool(ff.flag, false, doc)
	case catalog.TypeRefs, catalog.TypeStrings:
		ff.strs = fs.StringSlice(ff.flag, nil, doc)
	default:
		ff.str = fs.String(ff.flag, "", doc)
	}
	if ff.byName {
		annotate(fs.Lookup(ff.flag), annotRef, f.Ref)
	}
	annotate(fs.Lookup(ff.flag), annotRef, ff.intRef)
	annotate(fs.Lookup(ff.flag), annotValues, ff.values...)
	return ff
}

// doc is the flag's help: the field's doc, else its name in words, then
// what the flag takes.
func (ff *fieldFlag) doc() string {
	f := ff.field
	doc := f.Doc
	if doc == "" {
		doc = wire.Spaced(f.Name)
	}
	what := "id"
	if ff.byName || ff.intRef != "" {
		what = "id or name"
	}
	switch f.Type {
	case catalog.TypeRef, catalog.TypeRefs:
		// "partner (widget id or name)", "data center (id or name)"
		if f.Ref != "" && wire.Spaced(f.Ref) != wire.Spaced(strings.TrimSuffix(f.Name, "s")) {
			what = wire.Spaced(f.Ref) + " " + what
		}
		if f.Type == catalog.TypeRefs {
			what = strings.Replace(what, "id", "ids", 1) + "s, comma-separated"
		}
		doc += " (" + what + ")"
	case catalog.TypeMoney:
		doc += " (an amount such as USD50.00 or 50)"
	case catalog.TypeObject, catalog.TypeArray, catalog.TypeAny, catalog.TypeWindow:
		doc += " (JSON, or @FILE)"
	case catalog.TypeStrings:
		doc += " (comma-separated)"
	case catalog.TypeInt:
		if ff.intRef != "" {
			doc += " (" + wire.Spaced(ff.intRef) + ": " + what + ")"
		}
	}
	if fileField(f) {
		doc += " (text, or @FILE)"
	}
	if len(ff.values) > 0 {
		doc += " (" + valuesDoc(ff.values, ff.open) + ")"
	}
	if f.Since != "" || f.Until != "" {
		doc += fmt.Sprintf(" [API %s–%s]", f.Since, f.Until)
	}
	return doc
}

// value converts the flag into the wire value of its field, resolving
// reference names through resolve.
func (ff *fieldFlag) value(ctx context.Context, stdin io.Reader, resolve refResolver, scope url.Values) (any, error) {
	f := ff.field
	switch {
	case ff.num != nil:
		return *ff.num, nil
	case ff.float != nil:
		return *ff.float, nil
	case ff.bool != nil:
		return *ff.bool, nil
	case ff.strs != nil:
		return ff.listValue(ctx, resolve, scope)
	}
	text := *ff.str
	switch f.Type {
	case catalog.TypeRef:
		id, err := ff.refID(ctx, resolve, text, scope)
		if err != nil {
			return nil, err
		}
		return map[string]any{refKey(f): id}, nil
	case catalog.TypeInt: // an id of intRef, which may be named
		id, err := resolve(ctx, ff.intRef, strings.TrimSpace(text), scope)
		if err != nil {
			return nil, err
		}
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, usagef("--%s: %s id %q is not a number", ff.flag, wire.Spaced(ff.intRef), id)
		}
		return n, nil
	case catalog.TypeMoney:
		return parseMoneyFlag(ff.flag, text)
	case catalog.TypeObject, catalog.TypeArray, catalog.TypeAny, catalog.TypeWindow:
		raw, err := loadBody(text, stdin, dcm.FormatJSON)
		if err != nil {
			return nil, usagef("--%s: %v", ff.flag, err)
		}
		return json.RawMessage(raw), nil
	}
	if len(ff.values) > 0 && !ff.open {
		v, err := checkValue(ff.flag, text, ff.values)
		if err != nil {
			return nil, err
		}
		text = v
	}
	if fileField(f) && strings.HasPrefix(text, "@") {
		raw, _, err := readData(text, stdin)
		if err != nil {
			return nil, usagef("--%s: %v", ff.flag, err)
		}
		return string(raw), nil
	}
	return text, nil
}

func (ff *fieldFlag) listValue(ctx context.Context, resolve refResolver, scope url.Values) (any, error) {
	if ff.field.Type == catalog.TypeStrings {
		return *ff.strs, nil
	}
	list := make([]any, 0, len(*ff.strs))
	for _, text := range *ff.strs {
		id, err := ff.refID(ctx, resolve, text, scope)
		if err != nil {
			return nil, err
		}
		list = append(list, map[string]any{refKey(ff.field): id})
	}
	return list, nil
}

// refID resolves one reference text and encodes it as the API wants ids:
// a number when numeric, else a string (product ids such as "m1.large").
func (ff *fieldFlag) refID(ctx context.Context, resolve refResolver, text string, scope url.Values) (any, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, usagef("--%s: empty reference", ff.flag)
	}
	id := text
	if ff.byName {
		var err error
		if id, err = resolve(ctx, ff.field.Ref, text, scope); err != nil {
			return nil, err
		}
	} else if !isDigits(text) {
		return nil, usagef("--%s: %q is not an id", ff.flag, text)
	}
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		return n, nil
	}
	return id, nil
}

func refKey(f *catalog.Field) string {
	if f.RefKey != "" {
		return f.RefKey
	}
	return f.Name + "Id"
}

// parseMoneyFlag reads "USD50.00", "50" (US dollars) or "EUR 12.5".
func parseMoneyFlag(flag, text string) (any, error) {
	s := strings.TrimSpace(text)
	i := strings.IndexFunc(s, func(r rune) bool { return (r >= '0' && r <= '9') || r == '.' || r == '-' })
	if i < 0 {
		return nil, usagef("--%s %q: want an amount such as USD50.00", flag, text)
	}
	currency := strings.ToUpper(strings.TrimSpace(s[:i]))
	if currency == "" {
		currency = "USD"
	}
	v, err := strconv.ParseFloat(s[i:], 64)
	if err != nil || len(currency) != 3 {
		return nil, usagef("--%s %q: want an amount such as USD50.00", flag, text)
	}
	return map[string]any{"currency": currency, "value": v}, nil
}

// basePayload reads --data: the verb's payload object, or the whole
// wrapped body ({"launch":[{…}]}) which is unwrapped.
func basePayload(data string, stdin io.Reader, op *catalog.Op) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	if data == "" {
		return out, nil
	}
	raw, err := loadBody(data, stdin, dcm.FormatJSON)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, usagef("--data: want a JSON object with the %s fields: %v", op.Verb, err)
	}
	if inner, ok := out[op.Verb]; ok && len(out) == 1 {
		inner = bytes.TrimSpace(inner)
		if len(inner) > 0 && inner[0] == '[' {
			var list []json.RawMessage
			if err := json.Unmarshal(inner, &list); err != nil || len(list) != 1 {
				return nil, usagef("--data: %q must hold exactly one object", op.Verb)
			}
			inner = list[0]
		}
		out = map[string]json.RawMessage{}
		if err := json.Unmarshal(inner, &out); err != nil {
			return nil, usagef("--data: %q must hold an object: %v", op.Verb, err)
		}
		if op.Container != "" {
			if c, ok := out[op.Container]; ok && len(out) == 1 {
				out = map[string]json.RawMessage{}
				if err := json.Unmarshal(c, &out); err != nil {
					return nil, usagef("--data: %q must hold an object: %v", op.Container, err)
				}
			}
		}
	}
	return out, nil
}
