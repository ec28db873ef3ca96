package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// ErrUnbound is returned when a reference that is not attached to a client
// (decoded by hand, not by a service) has to load its target.
var ErrUnbound = errors.New("sdk: reference is not bound to a client; use a service's Ref or sdk.Bind")

// ErrNoReference is returned when an absent reference (a zero Ref) is read.
var ErrNoReference = errors.New("sdk: no reference (the field was absent or null)")

// Ref is a reference to a resource of type T by id, as the API writes it:
// {"regionId": 19344} in basic detail, the whole referenced object in
// extended detail. A reference read in basic detail loads its target lazily,
// on first access, exactly once, even under concurrent use; the load error is
// kept and returned by every later access until Reload. Copies of a Ref share
// that state, and so do the references of one listing (List, All) to the
// same target: reading Region.Name on every server of a list costs one GET
// per distinct region. A list read with WithDetails(dcm.DetailsExtended)
// costs none: the references arrive loaded.
type Ref[T Model] struct {
	id int64
	st *refState[T]
}

type refState[T Model] struct {
	mu       sync.Mutex
	c        Client
	done     bool // a load finished (val or err is final until Reload)
	embedded bool // val came with the answer (extended detail), not from a load
	val      *T
	err      error
}

// NewRef returns a lazy reference to the resource with this id; it makes no
// request until the target is read.
func NewRef[T Model](c Client, id int64) Ref[T] {
	return Ref[T]{id: id, st: &refState[T]{c: c}}
}

// ID is the referenced id; reading it never makes a request.
func (r Ref[T]) ID() int64 { return r.id }

// IsZero reports an absent reference.
func (r Ref[T]) IsZero() bool { return r.st == nil && r.id == 0 }

// Loaded reports whether the target is known (loaded, or embedded in the
// answer the reference came from) without loading it.
func (r Ref[T]) Loaded() bool {
	if r.st == nil {
		return false
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.st.val != nil
}

// Err is the error of the last load, without loading.
func (r Ref[T]) Err() error {
	if r.st == nil {
		return nil
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.st.err
}

// Get returns the target, loading it on first use. A failed load is kept
// and returned again (no new request) until Reload; a load interrupted by
// the caller's own context is not kept, since it says nothing about the
// target.
func (r Ref[T]) Get(ctx context.Context) (*T, error) {
	if r.st == nil {
		return nil, ErrNoReference
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	if r.st.done {
		return r.st.val, r.st.err
	}
	return r.loadLocked(ctx)
}

// Reload fetches the target again, replacing the value or error kept.
func (r Ref[T]) Reload(ctx context.Context) (*T, error) {
	if r.st == nil {
		return nil, ErrNoReference
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	return r.loadLocked(ctx)
}

func (r Ref[T]) loadLocked(ctx context.Context) (*T, error) {
	if r.st.c == nil {
		return nil, ErrUnbound
	}
	val, err := Get[T](ctx, r.st.c, strconv.FormatInt(r.id, 10), nil)
	if err != nil && ctx.Err() != nil {
		return nil, err
	}
	r.st.val, r.st.err, r.st.done, r.st.embedded = val, err, true, false
	return val, err
}

// String names the reference without loading it, e.g. "Region 19344".
func (r Ref[T]) String() string {
	var zero T
	return fmt.Sprintf("%s %d", zero.ResourceName(), r.id)
}

// MarshalJSON writes what was read: the embedded object when the answer
// carried one, else {"<key>": id}.
func (r Ref[T]) MarshalJSON() ([]byte, error) { return r.appendJSON(nil) }

// appendJSON appends MarshalJSON's form to buf.
func (r Ref[T]) appendJSON(buf []byte) ([]byte, error) {
	if r.st == nil {
		return append(buf, "null"...), nil
	}
	r.st.mu.Lock()
	val, embedded := r.st.val, r.st.embedded
	r.st.mu.Unlock()
	if embedded && val != nil {
		b, err := json.Marshal(val)
		return append(buf, b...), err
	}
	buf = append(buf, '{')
	buf = appendString(buf, ResourceOf[T]().Key)
	buf = append(buf, ':')
	buf = strconv.AppendInt(buf, r.id, 10)
	return append(buf, '}'), nil
}

// UnmarshalJSON reads {"<key>": id} (a number or numeric string) or an
// embedded object; null is an absent reference.
func (r *Ref[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*r = Ref[T]{}
		return nil
	}
	key := ResourceOf[T]().Key
	if n, embedded, ok := scanRef(b, key); ok {
		st := &refState[T]{}
		if embedded {
			val := new(T)
			if err := decodeInto(b, val); err != nil {
				return err
			}
			st.val, st.done, st.embedded = val, true, true
		}
		*r = Ref[T]{id: n, st: st}
		return nil
	}
	return r.unmarshalSlow(b, key)
}

// scanRef reads a reference object in one pass: the id under key (as ID
// would: a number or a string, 0 when not an integer) and whether other
// members make it an embedded object. ok is false for anything else (not
// an object, an id of another type), left to unmarshalSlow.
func scanRef(b []byte, key string) (id int64, embedded, ok bool) {
	d := NewObjectDecoder(b)
	var first []byte
	for d.Next() {
		k := d.Key()
		if first == nil {
			first = k
		} else if !embedded && string(k) != string(first) {
			embedded = true
		}
		if string(k) != key {
			continue
		}
		v := d.Value()
		switch c := v[0]; {
		case c == '"':
			s, ok := jsonscan.PlainString(v)
			if !ok {
				return 0, false, false
			}
			id, _ = parseInt(s)
			if len(s) == 0 || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
				id = 0 // parseInt only sees JSON literals; ID takes "+1" too
				if n, err := strconv.ParseInt(string(s), 10, 64); err == nil {
					id = n
				}
			}
		case c == 'n':
			id = 0
		case c == '-' || ('0' <= c && c <= '9'):
			id, _ = parseInt(v)
		default:
			return 0, false, false
		}
	}
	_, ok = d.Finish()
	return id, embedded, ok
}

// decodeInto decodes one valid JSON object into a model, through its own
// UnmarshalJSON when it has one (the generated models do).
func decodeInto[T any](b []byte, v *T) error {
	if u, ok := any(v).(json.Unmarshaler); ok {
		return u.UnmarshalJSON(b)
	}
	return json.Unmarshal(b, v)
}

// unmarshalSlow is the reference decoding of a reference, through maps.
func (r *Ref[T]) unmarshalSlow(b []byte, key string) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return err
	}
	var id ID
	if raw, ok := members[key]; ok {
		if err := json.Unmarshal(raw, &id); err != nil {
			return fmt.Errorf("reference %s: %w", key, err)
		}
	}
	n, _ := id.Int()
	st := &refState[T]{}
	if len(members) > 1 {
		var val T
		if err := json.Unmarshal(b, &val); err != nil {
			return err
		}
		st.val, st.done, st.embedded = &val, true, true
	}
	*r = Ref[T]{id: n, st: st}
	return nil
}

// bind attaches the client that loads the target (and the targets of an
// embedded object's own references). Bound through a listing's client
// (shareRefs), a reference not yet loaded takes the state every other
// reference of the listing to the same target has: they load it once.
func (r *Ref[T]) bind(c Client) {
	if r.st == nil {
		return
	}
	if s, ok := c.(*sharingClient); ok && r.id != 0 {
		r.st.mu.Lock()
		pending := r.st.val == nil && !r.st.done
		r.st.mu.Unlock()
		if pending {
			var zero T
			key := refKey{resource: zero.ResourceName(), id: r.id}
			r.st = s.state(key, func() any { return &refState[T]{c: s} }).(*refState[T])
			return
		}
	}
	r.st.mu.Lock()
	defer r.st.mu.Unlock()
	r.st.c = c
	if r.st.val != nil {
		Bind(r.st.val, c)
	}
}

// refKey names a reference's target.
type refKey struct {
	resource string
	id       int64
}

// sharingClient is the client a listing binds its items through
// (shareRefs): references to the same target share one lazy state, so
// listing 500 servers and reading each one's Region.Name makes one GET per
// distinct region, not 500. The alternative, which makes none, is to list
// with sdk.WithDetails(dcm.DetailsExtended): references then arrive
// embedded.
type sharingClient struct {
	Client
	mu   sync.Mutex
	refs map[refKey]any // *refState[T] of the target's type
}

// shareRefs wraps a listing's client; nil stays nil (an unbound model).
func shareRefs(c Client) Client {
	if c == nil {
		return nil
	}
	if _, already := c.(*sharingClient); already {
		return c
	}
	return &sharingClient{Client: c, refs: map[refKey]any{}}
}

// state returns the shared state of a target, made by fresh the first time.
func (s *sharingClient) state(key refKey, fresh func() any) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.refs[key]
	if !ok {
		st = fresh()
		s.refs[key] = st
	}
	return st
}

type binder interface{ bind(Client) }

// Bind attaches c to the reference (and to the references of an embedded
// target), so that reading it loads through c. Generated models call it
// from their BindRefs.
func (r *Ref[T]) Bind(c Client) { r.bind(c) }

// RefBinder is implemented by the generated models: BindRefs does what
// Bind does, field by field, without reflection.
type RefBinder interface{ BindRefs(Client) }

// Bind attaches c to every reference in *v (a pointer to a model), so that
// reading them loads through c. Services bind what they return; call Bind
// on a model decoded by other means.
func Bind(v any, c Client) {
	if b, ok := v.(RefBinder); ok {
		b.BindRefs(c)
		return
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	rv = rv.Elem()
	if rv.Kind() != reflect.Struct {
		return
	}
	for i := range rv.NumField() {
		f := rv.Field(i)
		if !rv.Type().Field(i).IsExported() {
			continue
		}
		switch {
		case f.Kind() == reflect.Struct && f.Addr().Type().Implements(binderType):
			f.Addr().Interface().(binder).bind(c)
		case f.Kind() == reflect.Slice && reflect.PointerTo(f.Type().Elem()).Implements(binderType):
			for j := range f.Len() {
				f.Index(j).Addr().Interface().(binder).bind(c)
			}
		}
	}
}

var binderType = reflect.TypeFor[binder]()
