package sdkwrites_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/admin"
	"github.com/mixcoatl/mixcoatl/analytics"
	"github.com/mixcoatl/mixcoatl/automation"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/finance"
	"github.com/mixcoatl/mixcoatl/geography"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/network"
	"github.com/mixcoatl/mixcoatl/platform"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// clock is the emulator's and the clients' time: jobs then finish only by
// being polled (job mode "polls" with 1 poll), never by the wall clock.
var clock = time.Date(2014, 7, 30, 9, 0, 0, 0, time.UTC)

// scopeClients returns each scope package's Client on c, by scope name.
func scopeClients(c sdk.Client) map[string]any {
	return map[string]any{
		"admin": admin.New(c), "analytics": analytics.New(c), "automation": automation.New(c),
		"finance": finance.New(c), "geography": geography.New(c), "infrastructure": infrastructure.New(c),
		"network": network.New(c), "platform": platform.New(c),
	}
}

// writeOp is one form of a write operation and the API version it is run at.
type writeOp struct {
	res     *catalog.Resource
	op      *catalog.Op
	version string
}

// caseKey names the fixture case of an op: "Server.launch", "Server.delete".
func (w writeOp) caseKey() string {
	if w.op.Kind == catalog.KindDelete {
		return w.res.Name + ".delete"
	}
	return w.res.Name + "." + w.op.Verb
}

func (w writeOp) String() string { return w.caseKey() + "@" + w.version }

// writeOps lists every create/update/action/delete form of the catalogue,
// each with the default API version when it applies there, else the
// oldest version in its range.
func writeOps(t *testing.T) []writeOp {
	cat := catalog.Load()
	var out []writeOp
	for _, r := range cat.Resources {
		for _, op := range r.Ops {
			switch op.Kind {
			case catalog.KindCreate, catalog.KindUpdate, catalog.KindAction, catalog.KindDelete:
			default:
				continue
			}
			v := cat.DefaultVersion
			if !catalog.InRange(v, op.Since, op.Until) {
				v = ""
				for _, k := range cat.Versions {
					if catalog.InRange(k, op.Since, op.Until) {
						v = k
						break
					}
				}
			}
			if v == "" {
				t.Errorf("%s %s %q: no known API version in [%s, %s)", r.Name, op.Kind, op.Verb, op.Since, op.Until)
				continue
			}
			out = append(out, writeOp{res: r, op: op, version: v})
		}
	}
	return out
}

// harness is one emulator and an SDK client at one API version.
type harness struct {
	t      *testing.T
	ctx    context.Context
	emu    *dcmtest.Emulator
	client *dcm.Client
	scopes map[string]any
	rule   int64 // a second record a setup made (the rule of a firewall to delete)
	// version is the API version the client speaks: reads answer fields
	// under that version's names (catalog Resource.NameAt).
	version string
}

func newHarness(t *testing.T, version string) *harness {
	emu := dcmtest.New(t,
		dcmtest.WithClock(func() time.Time { return clock }),
		dcmtest.WithJobMode("", engine.JobMode{Mode: "polls", Polls: 1}))
	emu.Config.APIVersion = version
	emu.Config.Endpoint = dcmtest.BaseURL + dcm.APIBasePath + "/" + version
	c := emu.Client()
	return &harness{t: t, ctx: context.Background(), emu: emu, client: c, scopes: scopeClients(c), version: version}
}

// service finds the generated service of a resource in its scope's Client:
// the field of type *<GoName>Service (APIKeyService for ApiKey).
func service(scopes map[string]any, r *catalog.Resource) (reflect.Value, error) {
	sc, ok := scopes[r.Scope]
	if !ok {
		return reflect.Value{}, fmt.Errorf("no scope package %q", r.Scope)
	}
	v := reflect.ValueOf(sc).Elem()
	for i := range v.NumField() {
		if ft := v.Field(i).Type(); ft.Kind() == reflect.Pointer && ft.Elem().Name() == r.GoName()+"Service" {
			return v.Field(i), nil
		}
	}
	return reflect.Value{}, fmt.Errorf("%s.Client has no %sService", r.Scope, r.GoName())
}

// method finds the generated method of an op by the generator's naming
// rule (the verb in Go case, "Delete" for DELETE) and checks its shape:
// (ctx[, id][, request or parameters]) returning the created model, a job
// or only an error as the op is a sync create, async, or neither.
func method(scopes map[string]any, w writeOp) (reflect.Value, error) {
	svc, err := service(scopes, w.res)
	if err != nil {
		return reflect.Value{}, err
	}
	want := "Delete"
	if w.op.Kind != catalog.KindDelete {
		want = ""
		for i := range svc.Type().NumMethod() {
			if n := svc.Type().Method(i).Name; strings.EqualFold(n, w.op.Verb) {
				want = n
			}
		}
		if want == "" || !isExportedCamel(want, w.op.Verb) {
			return reflect.Value{}, fmt.Errorf("%sService has no method for %s %q", w.res.Name, w.op.Kind, w.op.Verb)
		}
	}
	m := svc.MethodByName(want)
	if !m.IsValid() {
		return reflect.Value{}, fmt.Errorf("%sService has no method %s", w.res.Name, want)
	}
	mt := m.Type()
	in := 1
	if w.op.Kind != catalog.KindCreate {
		in = 2
	}
	if mt.NumIn() < in || mt.NumIn() > in+1 || mt.In(0) != reflect.TypeFor[context.Context]() {
		return reflect.Value{}, fmt.Errorf("%s.%s: unexpected parameters %s", w.res.Name, want, mt)
	}
	if mt.NumIn() == in+1 && mt.In(in).Kind() != reflect.Struct {
		return reflect.Value{}, fmt.Errorf("%s.%s: last parameter %s is not a request struct", w.res.Name, want, mt.In(in))
	}
	errT := reflect.TypeFor[error]()
	jobT := reflect.TypeFor[*dcm.Job]()
	switch {
	case w.op.Kind == catalog.KindCreate && !w.op.Async:
		if mt.NumOut() != 2 || mt.Out(0).Kind() != reflect.Pointer || mt.Out(0).Elem().Name() != w.res.GoName() || mt.Out(1) != errT {
			return reflect.Value{}, fmt.Errorf("%s.%s: sync create returns %s, want (*%s, error)", w.res.Name, want, mt, w.res.GoName())
		}
	case w.op.Async:
		if mt.NumOut() != 2 || mt.Out(0) != jobT || mt.Out(1) != errT {
			return reflect.Value{}, fmt.Errorf("%s.%s: async op returns %s, want (*dcm.Job, error)", w.res.Name, want, mt)
		}
	default:
		if mt.NumOut() != 1 || mt.Out(0) != errT {
			return reflect.Value{}, fmt.Errorf("%s.%s: sync op returns %s, want error", w.res.Name, want, mt)
		}
	}
	return m, nil
}

// isExportedCamel: the method name is the verb with its first letter (and
// initialisms) upper-cased, as internal/sdkgen names it.
func isExportedCamel(name, verb string) bool {
	return name != "" && name[0] >= 'A' && name[0] <= 'Z' && len(name) == len(verb)
}

// result is what a generated write method returned.
type result struct {
	model any      // sync create: the created *Model
	job   *dcm.Job // async op
	err   error
}

// call runs the op's method on the target id with the payload fields (wire
// names) or, for a delete, the query parameters.
func (h *harness) call(w writeOp, id string, values map[string]any) result {
	h.t.Helper()
	m, err := method(h.scopes, w)
	if err != nil {
		h.t.Fatal(err)
	}
	mt := m.Type()
	args := []reflect.Value{reflect.ValueOf(h.ctx)}
	if w.op.Kind != catalog.KindCreate {
		args = append(args, idValue(h.t, mt.In(1), id))
	}
	if mt.NumIn() == len(args)+1 {
		tag := "json"
		if w.op.Kind == catalog.KindDelete {
			tag = "url"
		}
		args = append(args, buildStruct(h.t, mt.In(len(args)), tag, values))
	} else if len(values) > 0 {
		h.t.Fatalf("%s takes no request, but the fixtures give %v", w, values)
	}
	out := m.Call(args)
	var res result
	if e := out[len(out)-1]; !e.IsNil() {
		res.err = e.Interface().(error)
	}
	if len(out) == 2 && !out[0].IsNil() {
		if j, ok := out[0].Interface().(*dcm.Job); ok {
			res.job = j
		} else {
			res.model = out[0].Interface()
		}
	}
	return res
}

func idValue(t *testing.T, typ reflect.Type, id string) reflect.Value {
	t.Helper()
	if typ.Kind() == reflect.String {
		return reflect.ValueOf(id).Convert(typ)
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("id %q of an int-keyed resource: %v", id, err)
	}
	return reflect.ValueOf(n).Convert(typ)
}

// buildStruct makes a request (json tags) or parameter (url tags) struct
// from values keyed by wire name; a value without a field fails the test.
func buildStruct(t *testing.T, typ reflect.Type, tag string, values map[string]any) reflect.Value {
	t.Helper()
	v := reflect.New(typ).Elem()
	for name, val := range values {
		found := false
		for i := range typ.NumField() {
			n, _, _ := strings.Cut(typ.Field(i).Tag.Get(tag), ",")
			if n == name {
				found = true
				if err := assign(v.Field(i), val); err != nil {
					t.Fatalf("%s.%s: %v", typ.Name(), typ.Field(i).Name, err)
				}
			}
		}
		if !found {
			t.Fatalf("%s has no field tagged %s:%q", typ.Name(), tag, name)
		}
	}
	return v
}

// assign stores a fixture value: int64 or string ids into sdk.ID, []int64
// into []sdk.ID, a bool into a *bool, anything else as it is.
func assign(dst reflect.Value, val any) error {
	switch dst.Interface().(type) {
	case sdk.ID:
		switch x := val.(type) {
		case int64:
			val = sdk.IntID(x)
		case string:
			val = sdk.ID(x)
		}
	case []sdk.ID:
		if ns, ok := val.([]int64); ok {
			ids := make([]sdk.ID, len(ns))
			for i, n := range ns {
				ids[i] = sdk.IntID(n)
			}
			val = ids
		}
	case *bool:
		if b, ok := val.(bool); ok {
			val = &b
		}
	}
	rv := reflect.ValueOf(val)
	if !rv.Type().AssignableTo(dst.Type()) {
		return fmt.Errorf("cannot store %T in %s", val, dst.Type())
	}
	dst.Set(rv)
	return nil
}

// get reads a record through the service's Get and returns its wire form;
// nil (and no error) on 404.
func (h *harness) get(r *catalog.Resource, id string) map[string]any {
	h.t.Helper()
	svc, err := service(h.scopes, r)
	if err != nil {
		h.t.Fatal(err)
	}
	m := svc.MethodByName("Get")
	out := m.Call([]reflect.Value{reflect.ValueOf(h.ctx), idValue(h.t, m.Type().In(1), id)})
	if e := out[1]; !e.IsNil() {
		err := e.Interface().(error)
		if dcm.IsNotFound(err) {
			return nil
		}
		h.t.Fatalf("get %s %s: %v", r.Name, id, err)
	}
	return wire(h.t, out[0].Interface())
}

// wire is a value's JSON form decoded into maps, lists, strings, bools and
// json.Numbers, so that values of different Go types compare by content.
func wire(t *testing.T, v any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := decodeNumbers(t, v, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func decodeNumbers(t *testing.T, v, into any) error {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(into)
}

// keyOf is the primary key of a record in wire form.
func keyOf(t *testing.T, r *catalog.Resource, rec map[string]any) string {
	t.Helper()
	v, ok := rec[r.Key]
	if !ok || v == nil {
		t.Fatalf("%s record without %s: %v", r.Name, r.Key, rec)
	}
	return fmt.Sprint(v)
}

// wait polls a job to its end and fails the test unless it is COMPLETE
// after exactly one poll (job mode "polls" 1, so dcm.Wait never sleeps).
func (h *harness) wait(job *dcm.Job) dcm.Job {
	h.t.Helper()
	if job == nil {
		h.t.Fatal("no job: the server answered synchronously")
	}
	polls := 0
	done, err := dcm.Wait(h.ctx, h.client, job.JobID, dcm.WaitOptions{Progress: func(dcm.Job) { polls++ }})
	if err != nil {
		h.t.Fatalf("job %d: %v", job.JobID, err)
	}
	if done.Status != "COMPLETE" || polls != 1 {
		h.t.Fatalf("job %d: %s after %d polls, want COMPLETE after 1", job.JobID, done.Status, polls)
	}
	return done
}

// requests counts the API requests the emulator has seen.
func (h *harness) requests() int { return len(h.emu.Server.Requests()) }

// writeStatus is the HTTP status the emulator answered the op's request
// with (at the harness's API version, since request number from); 0 when
// it saw no such request.
func (h *harness) writeStatus(w writeOp, id string, from int) int {
	method := sdk.MethodOf(w.op.Kind)
	path := dcm.APIBasePath + "/" + w.version + "/" + w.res.Path
	if id != "" {
		path += "/" + id
	}
	for _, r := range h.emu.Server.Requests()[from:] {
		if r.Method == method && r.Path == path {
			return r.Status
		}
	}
	return 0
}

// wantStatus is the catalogue's answer to a write: 202 with jobs when
// async, else 201 for a create and 204 for the rest.
func wantStatus(op *catalog.Op) int {
	switch {
	case op.Async:
		return http.StatusAccepted
	case op.Kind == catalog.KindCreate:
		return http.StatusCreated
	}
	return http.StatusNoContent
}

// contains reports whether got holds want: equal scalars, every member of a
// wanted object, every element of a wanted list (each found in got's list).
func contains(got, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			if !contains(g[k], wv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return false
		}
		for _, wv := range w {
			found := false
			for _, gv := range g {
				found = found || contains(gv, wv)
			}
			if !found {
				return false
			}
		}
		return true
	}
	return fmt.Sprint(got) == fmt.Sprint(want)
}

// missingField unwraps a *sdk.MissingFieldError.
func missingField(err error) (*sdk.MissingFieldError, bool) {
	var mf *sdk.MissingFieldError
	return mf, errors.As(err, &mf)
}
