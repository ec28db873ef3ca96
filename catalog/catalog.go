// Package catalog is the resource catalogue of the enStratus API: every
// resource of every scope with its path, collection key, primary key, list
// filters, operations (payload verb, wrapping, sync or async, state effect)
// and fields. It is data (catalog.json, compiled in as Go data: builtin.go,
// which go generate writes from it) plus small accessors; the
// SDK, the CLI and the emulator are all driven by it, so nothing about a
// resource is written twice.
package catalog

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./internal/catgen -in catalog.json -o builtin.go

// Catalog is the whole API surface.
type Catalog struct {
	DefaultVersion string   `json:"defaultVersion"` // used when nothing else is configured
	CurrentVersion string   `json:"currentVersion"` // newest known version
	Versions       []string `json:"versions"`       // every known version, oldest first
	// OutOfVersion is what a server does with a request member that only
	// other API versions of the operation know (see OutOfVersion).
	OutOfVersion OutOfVersion `json:"outOfVersion"`
	// FieldAliases are other spellings of payload fields that users know
	// from the old tools ("image" for machineImage): the command line
	// accepts each as a flag name beside the field's own.
	FieldAliases map[string][]string `json:"fieldAliases,omitempty"`
	Resources    []*Resource         `json:"resources"`

	byName map[string]*Resource
	byPath map[string]*Resource
}

// Resource is one scope/Resource of the API.
type Resource struct {
	Scope      string `json:"scope"`      // admin, analytics, automation, finance, geography, infrastructure, network, platform
	Name       string `json:"name"`       // UpperCamelCase singular, e.g. "Server"
	Path       string `json:"path"`       // "infrastructure/Server"
	Collection string `json:"collection"` // envelope key, e.g. "servers"; "" when Flat
	Flat       bool   `json:"flat,omitempty"`
	Key        string `json:"key,omitempty"`       // primary key wire name, e.g. "serverId"
	KeyType    Type   `json:"keyType,omitempty"`   // TypeInt or TypeString
	KeyInPath  bool   `json:"keyInPath,omitempty"` // only addressable by id (analytics)
	// Evidence is "recorded" (seen in recordings or clients), "inferred"
	// (collection or key chosen by us) or "placeholder" (only a name is known).
	Evidence string `json:"evidence"`
	// Derived resources are computed by the server from other records
	// (analytics from the servers' lives), never stored or seeded.
	Derived bool `json:"derived,omitempty"`
	// Aliases are short names users type for the resource ("image" for
	// MachineImage); clients derive plurals and squashed spellings.
	Aliases []string `json:"aliases,omitempty"`
	// Global resources may be shared by every customer: public clouds,
	// regions, products and images exist once and each customer sees them.
	Global bool `json:"global,omitempty"`
	// Example is an id (or name) of the resource that the default seed
	// holds, used by generated examples and documentation, which therefore
	// run as printed against mixcoatl --local.
	Example string `json:"example,omitempty"`
	// Lookup are the string fields a name given for the resource is
	// compared with, best first (the cloud's own ids, then names chosen by
	// people); empty means it can only be given by id.
	Lookup  []string `json:"lookup,omitempty"`
	Filters []Param  `json:"filters,omitempty"` // list query parameters
	Ops     []*Op    `json:"ops"`
	Fields  []*Field `json:"fields"`
	Notes   string   `json:"notes,omitempty"`
	// Columns are the field paths a table shows by default ("serverId",
	// "region"); WideColumns those of -o wide, csv and tsv. Every path starts
	// with a field of the resource.
	Columns     []string `json:"columns,omitempty"`
	WideColumns []string `json:"wideColumns,omitempty"`
	// Recordings are the answers of the resource that public sources
	// recorded (mixcoatl's tests/data), by API version and detail level;
	// shape fixtures follow them (see Recording).
	Recordings []Recording `json:"recordings,omitempty"`
}

// Param is a query parameter (list filter, delete parameter, analytics range).
type Param struct {
	Name           string   `json:"name"`
	Type           Type     `json:"type"` // int, string, bool
	Required       bool     `json:"required,omitempty"`
	RequiredUnless []string `json:"requiredUnless,omitempty"` // required unless one of these is given
	Default        string   `json:"default,omitempty"`
	Example        string   `json:"example,omitempty"` // a value the default seed answers to
	Doc            string   `json:"doc,omitempty"`
}

// Kind is what an operation does: read a list, one item or a count, or
// write by creating, updating, acting on or deleting.
type Kind string

// Op kinds.
const (
	KindList   Kind = "list"
	KindGet    Kind = "get"
	KindHead   Kind = "head"
	KindCreate Kind = "create" // POST to the collection
	KindUpdate Kind = "update" // PUT describe*/grant on the item
	KindAction Kind = "action" // PUT verb on the item
	KindDelete Kind = "delete" // DELETE on the item
)

// Op is one operation. Writes are verb-wrapped (spec §8): Wrap "list" sends
// {"verb":[{fields}]}, Wrap "object" sends {"verb":{fields}} or, with a
// Container, {"verb":{"container":{fields}}}.
type Op struct {
	Kind      Kind        `json:"kind"`
	Verb      string      `json:"verb,omitempty"` // payload key
	Wrap      string      `json:"wrap,omitempty"` // "list" or "object"
	Container string      `json:"container,omitempty"`
	Async     bool        `json:"async"`         // 202 + jobs; else 201 (create) / 204 (others)
	Job       string      `json:"job,omitempty"` // job description template: {id}, {name}, field names
	Fields    []*Field    `json:"fields,omitempty"`
	Params    []Param     `json:"params,omitempty"`
	State     *Transition `json:"state,omitempty"`
	Since     string      `json:"since,omitempty"` // first API version with this form (inclusive)
	Until     string      `json:"until,omitempty"` // first API version without it (exclusive)
	Doc       string      `json:"doc,omitempty"`
	Evidence  string      `json:"evidence,omitempty"` // "" = recorded
	// Aliases are other command names of the op ("terminate" for a server's
	// delete); rules common to a kind (rm for every delete) live in clients.
	Aliases []string `json:"aliases,omitempty"`
	// Destructive marks an action that destroys or interrupts something
	// (stop, detach), so clients ask before sending it. Every delete is
	// destructive; see IsDestructive.
	Destructive bool `json:"destructive,omitempty"`
	// Mutates marks a read with a side effect: a job's GET counts a poll
	// and may finish the job. Servers answer it in a writable transaction
	// and nothing may serve it from a cache.
	Mutates bool `json:"mutates,omitempty"`
}

// IsDestructive reports whether clients should confirm the op before
// sending it: a delete, or an op marked destructive.
func (o *Op) IsDestructive() bool { return o.Kind == KindDelete || o.Destructive }

// Transition is an operation's effect on the resource's status: allowed
// starting states (empty = any), the state while the job runs, and the final one.
type Transition struct {
	From   []string `json:"from,omitempty"`
	During string   `json:"during,omitempty"`
	To     string   `json:"to"`
}

// Type is the wire type of a field or parameter.
type Type string

// Field types.
const (
	TypeInt       Type = "int"
	TypeNumber    Type = "number"
	TypeString    Type = "string"
	TypeBool      Type = "bool"
	TypeTimestamp Type = "timestamp" // yyyy-MM-dd'T'HH:mm:ss.SSS+0000
	TypeMoney     Type = "money"     // {"currency":"USD","value":1.5}
	TypeWindow    Type = "window"    // {daysOfWeek,startHour,startMinute,endHour,endMinute}
	TypeRef       Type = "ref"       // {"<refKey>": id}
	TypeRefs      Type = "refs"      // [{"<refKey>": id}, …]
	TypeEnum      Type = "enum"
	TypeStrings   Type = "strings" // ["…"]
	TypeArray     Type = "array"
	TypeObject    Type = "object"
	TypeAny       Type = "any"
)

// Field is a wire field of a resource or of a write payload.
type Field struct {
	Name     string   `json:"name"`
	Type     Type     `json:"type"`
	Ref      string   `json:"ref,omitempty"`    // target resource name for ref/refs ("" if the target is not a catalogue resource)
	RefKey   string   `json:"refKey,omitempty"` // id key inside the reference object
	Values   []string `json:"values,omitempty"` // enum values
	Open     bool     `json:"open,omitempty"`   // enum may hold other values
	Nullable bool     `json:"nullable,omitempty"`
	Required bool     `json:"required,omitempty"` // payload fields only
	Since    string   `json:"since,omitempty"`
	Until    string   `json:"until,omitempty"`
	// SameAs names the field whose value this one carries under another
	// name, for the versions this one exists in: an older spelling
	// (Account cloudSubscriptionId until 2014-07-30 is cloudSubscription)
	// or a repeated legacy name (Cloud provider). A server stores the value
	// once, under SameAs, and answers it under each name the version has.
	SameAs   string `json:"sameAs,omitempty"`
	Origin   string `json:"origin,omitempty"` // "ruby" when only the 2012 Ruby client knew it
	Inferred bool   `json:"inferred,omitempty"`
	// Secret fields (passwords, secret keys) are never shown: servers do
	// not answer them on reads, clients redact them in traces and tables.
	Secret  bool   `json:"secret,omitempty"`
	Example string `json:"example,omitempty"` // a payload value for generated examples
	Doc     string `json:"doc,omitempty"`
}

var (
	once   sync.Once
	loaded *Catalog
	errLd  error
)

// Load returns the embedded catalogue, parsed once. The result is shared and
// must not be modified.
//
// The catalogue is builtin (builtin.go, generated from catalog.json): Load
// decodes nothing, it only indexes, which keeps the catalogue's cost off
// the start of every command that needs it (decoding the JSON took about
// 2 ms).
func Load() *Catalog {
	once.Do(func() {
		builtin.FieldAliases = builtinFieldAliases()
		loaded, errLd = builtin, builtin.index()
	})
	if errLd != nil {
		panic("catalog: embedded catalogue is invalid: " + errLd.Error())
	}
	return loaded
}

// Parse decodes and indexes a catalogue document.
func Parse(b []byte) (*Catalog, error) {
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	return &c, nil
}

// index builds the lookups by name and by path.
func (c *Catalog) index() error {
	c.byName = make(map[string]*Resource, len(c.Resources))
	c.byPath = make(map[string]*Resource, len(c.Resources))
	for _, r := range c.Resources {
		if _, dup := c.byName[r.Name]; dup {
			return fmt.Errorf("resource %s listed twice", r.Name)
		}
		c.byName[r.Name] = r
		c.byPath[strings.ToLower(r.Path)] = r
	}
	return nil
}

// Resource returns the resource with the given name ("Server").
func (c *Catalog) Resource(name string) (*Resource, bool) {
	r, ok := c.byName[name]
	return r, ok
}

// ByPath returns the resource for "scope/Resource" (case-insensitive).
func (c *Catalog) ByPath(path string) (*Resource, bool) {
	r, ok := c.byPath[strings.ToLower(strings.Trim(path, "/"))]
	return r, ok
}

// Scopes returns the scope names in sorted order.
func (c *Catalog) Scopes() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range c.Resources {
		if !seen[r.Scope] {
			seen[r.Scope] = true
			out = append(out, r.Scope)
		}
	}
	sort.Strings(out)
	return out
}

// KnownVersion reports whether v is a known API version.
func (c *Catalog) KnownVersion(v string) bool {
	for _, k := range c.Versions {
		if k == v {
			return true
		}
	}
	return false
}

// Op returns the first operation of the kind (and verb, when not empty) that
// applies to the API version (empty version = any).
func (r *Resource) Op(kind Kind, verb, version string) (*Op, bool) {
	for _, o := range r.Ops {
		if o.Kind == kind && (verb == "" || o.Verb == verb) && InRange(version, o.Since, o.Until) {
			return o, true
		}
	}
	return nil, false
}

// Has reports whether the resource supports an operation kind in any version.
func (r *Resource) Has(kind Kind) bool {
	for _, o := range r.Ops {
		if o.Kind == kind {
			return true
		}
	}
	return false
}

// Field returns the resource field of that wire name.
func (r *Resource) Field(name string) (*Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return nil, false
}

// Filter returns the list filter of that name.
func (r *Resource) Filter(name string) (Param, bool) {
	for _, p := range r.Filters {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// InRange reports whether version v lies in [since, until). Versions are
// YYYY-MM-DD strings and compare lexically; an empty bound is open and an
// empty v matches everything.
func InRange(v, since, until string) bool {
	if v == "" {
		return true
	}
	return (since == "" || v >= since) && (until == "" || v < until)
}
