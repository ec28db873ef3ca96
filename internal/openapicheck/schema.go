package openapicheck

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// schema is a compiled JSON Schema (2020-12, as OpenAPI 3.1 uses it), with
// only the keywords the generated documents use. Every keyword a schema
// holds is either applied here or is an annotation (annotation); any
// other makes compile fail.
type schema struct {
	loc     string  // JSON pointer of the schema in its document
	ref     *schema // $ref target, applied besides the sibling keywords
	types   typeSet // 0: any type
	props   map[string]*schema
	order   []string // property names, sorted: XML reads them in this order
	require []string
	closed  bool    // additionalProperties: false
	extra   *schema // additionalProperties as a schema
	items   *schema
	enum    []any
	pattern *regexp.Regexp
	// minItems, minimum and maximum, each when has says so.
	minItems         int
	minimum, maximum float64
	has              bounds
	oneOf            []*schema
	not              *schema
	xml              *xmlObject
	xmlProps         []property // the properties as XML names them (finish)
}

type bounds uint8

const (
	hasMinItems bounds = 1 << iota
	hasMinimum
	hasMaximum
)

// xmlObject is a schema's xml keyword.
type xmlObject struct {
	name               string
	wrapped, attribute bool
}

// typeSet is the set of JSON types a type keyword allows.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBoolean
	tInteger
	tNumber
	tString
	tArray
	tObject
)

// typeNamed is the type a type keyword's name stands for, 0 for none.
func typeNamed(name string) typeSet {
	for t := tNull; t <= tObject; t <<= 1 {
		if t.name() == name {
			return t
		}
	}
	return 0
}

func (t typeSet) name() string {
	switch t {
	case tNull:
		return "null"
	case tBoolean:
		return "boolean"
	case tInteger:
		return "integer"
	case tNumber:
		return "number"
	case tString:
		return "string"
	case tArray:
		return "array"
	case tObject:
		return "object"
	}
	return ""
}

func (t typeSet) has(u typeSet) bool { return t&u != 0 }

func (t typeSet) String() string {
	var names []string
	for u := tNull; u <= tObject; u <<= 1 {
		if t.has(u) {
			names = append(names, u.name())
		}
	}
	return strings.Join(names, " or ")
}

// annotation reports whether a schema keyword only describes a value
// (never constrains it): the checker reads past these.
func annotation(keyword string) bool {
	switch keyword {
	case "description", "examples", "default":
		return true
	}
	return false
}

// deref follows $ref to the schema it names, as the xml objects are read:
// a reference stands for its target.
func (s *schema) deref() *schema {
	for s != nil && s.ref != nil {
		s = s.ref
	}
	return s
}

// types of the schema, through a reference.
func (s *schema) typeSet() typeSet {
	if d := s.deref(); d != nil {
		return d.types
	}
	return 0
}

// compiler turns the document's schema objects into schemas. References
// are to components only, so every component is made first (named) and
// filled once; regular expressions are compiled once per pattern.
type compiler struct {
	components map[string]*schema
	regexps    map[string]*regexp.Regexp
	all        []*schema // every schema made, for finish
}

const schemaRefPrefix = "#/components/schemas/"

// newCompiler prepares the components of a document.
func newCompiler(components map[string]any, regexps map[string]*regexp.Regexp) (*compiler, error) {
	c := &compiler{components: map[string]*schema{}, regexps: regexps}
	names := sortedKeys(components)
	for _, n := range names {
		c.components[n] = &schema{loc: schemaRefPrefix + pointerEscape(n)}
		c.all = append(c.all, c.components[n])
	}
	for _, n := range names {
		if err := c.fill(c.components[n], components[n]); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// compile compiles the schema object v found at loc.
func (c *compiler) compile(v any, loc string) (*schema, error) {
	s := &schema{loc: loc}
	c.all = append(c.all, s)
	return s, c.fill(s, v)
}

// finish derives what needs every reference resolved: the XML names of
// each object schema's properties.
func (c *compiler) finish() {
	for _, s := range c.all {
		if len(s.props) > 0 {
			s.xmlProps = xmlProperties(s)
		}
	}
	c.all = nil
}

func (c *compiler) fill(s *schema, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: a schema must be an object, found %s", s.loc, kind(v))
	}
	for _, k := range sortedKeys(m) {
		if err := c.keyword(s, k, m[k]); err != nil {
			return err
		}
	}
	return nil
}

// keyword applies one keyword of a schema object.
func (c *compiler) keyword(s *schema, k string, v any) error {
	at := s.loc + "/" + pointerEscape(k)
	bad := func(want string) error { return fmt.Errorf("%s: %s must be %s, found %s", at, k, want, kind(v)) }
	var err error
	switch k {
	case "type":
		s.types, err = compileType(v)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
	case "$ref":
		ref, ok := v.(string)
		name, local := strings.CutPrefix(ref, schemaRefPrefix)
		if !ok || !local || c.components[name] == nil {
			return fmt.Errorf("%s: $ref %v names no schema of the document's components", at, v)
		}
		s.ref = c.components[name]
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return bad("an object")
		}
		s.props = map[string]*schema{}
		for _, name := range sortedKeys(m) {
			if s.props[name], err = c.compile(m[name], at+"/"+pointerEscape(name)); err != nil {
				return err
			}
		}
		s.order = sortedKeys(m) // the document is read into maps: sorted is the stable order
	case "required":
		list, ok := v.([]any)
		if !ok {
			return bad("a list of names")
		}
		for _, n := range list {
			name, ok := n.(string)
			if !ok {
				return bad("a list of names")
			}
			s.require = append(s.require, name)
		}
	case "additionalProperties":
		switch x := v.(type) {
		case bool:
			s.closed = !x
		default:
			if s.extra, err = c.compile(v, at); err != nil {
				return err
			}
		}
	case "items":
		if s.items, err = c.compile(v, at); err != nil {
			return err
		}
	case "enum":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return bad("a list of values")
		}
		s.enum = list
	case "pattern":
		src, ok := v.(string)
		if !ok {
			return bad("a string")
		}
		if s.pattern, err = c.regexp(src); err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
	case "minItems":
		n, ok := number(v)
		if !ok || n < 0 || n != float64(int(n)) {
			return bad("a count")
		}
		s.minItems, s.has = int(n), s.has|hasMinItems
	case "minimum", "maximum":
		n, ok := number(v)
		if !ok {
			return bad("a number")
		}
		if k == "minimum" {
			s.minimum, s.has = n, s.has|hasMinimum
		} else {
			s.maximum, s.has = n, s.has|hasMaximum
		}
	case "oneOf":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return bad("a list of schemas")
		}
		for i, b := range list {
			branch, err := c.compile(b, fmt.Sprintf("%s/%d", at, i))
			if err != nil {
				return err
			}
			s.oneOf = append(s.oneOf, branch)
		}
	case "not":
		if s.not, err = c.compile(v, at); err != nil {
			return err
		}
	case "xml":
		if s.xml, err = compileXML(v, at); err != nil {
			return err
		}
	default:
		if annotation(k) {
			return nil
		}
		return fmt.Errorf("%s: schema keyword %q is not one the checker understands", at, k)
	}
	return nil
}

func (c *compiler) regexp(src string) (*regexp.Regexp, error) {
	if re, ok := c.regexps[src]; ok {
		return re, nil
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", src, err)
	}
	c.regexps[src] = re
	return re, nil
}

func compileType(v any) (typeSet, error) {
	var names []any
	switch x := v.(type) {
	case string:
		names = []any{x}
	case []any:
		names = x
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("type must be a type name or a list of them, found %s", kind(v))
	}
	var t typeSet
	for _, n := range names {
		name, _ := n.(string)
		u := typeNamed(name)
		if u == 0 {
			return 0, fmt.Errorf("type %v is not a JSON Schema type", n)
		}
		t |= u
	}
	return t, nil
}

func compileXML(v any, at string) (*xmlObject, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: xml must be an object, found %s", at, kind(v))
	}
	x := &xmlObject{}
	for _, k := range sortedKeys(m) {
		var ok bool
		switch k {
		case "name":
			x.name, ok = m[k].(string)
		case "wrapped":
			x.wrapped, ok = m[k].(bool)
		case "attribute":
			x.attribute, ok = m[k].(bool)
		default:
			return nil, fmt.Errorf("%s/%s: xml keyword %q is not one the checker understands", at, k, k)
		}
		if !ok {
			return nil, fmt.Errorf("%s/%s: xml %s has the wrong type (%s)", at, k, k, kind(m[k]))
		}
	}
	return x, nil
}

// number reads a JSON number of the document.
func number(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pointerEscape escapes a JSON pointer segment (RFC 6901).
func pointerEscape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// kind names the JSON type of a value of the document.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
