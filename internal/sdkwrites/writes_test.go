package sdkwrites_test

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/sdk"
)

func resource(name string) *catalog.Resource {
	r, ok := catalog.Load().Resource(name)
	if !ok {
		panic("no resource " + name)
	}
	return r
}

// TestEveryWriteOpHasAnSDKMethod walks the catalogue: every write op has a
// generated method of the right shape and a case in the table, and every
// case names an op.
func TestEveryWriteOpHasAnSDKMethod(t *testing.T) {
	t.Parallel()
	scopes := scopeClients(nil)
	seen := map[string]bool{}
	ops := writeOps(t)
	for _, w := range ops {
		seen[w.caseKey()] = true
		if _, err := method(scopes, w); err != nil {
			t.Errorf("%s: %v", w, err)
		}
		c, ok := cases[w.caseKey()]
		if !ok {
			t.Errorf("%s: no case in the fixture table", w)
		}
		for _, name := range c.noEcho { // an exemption from the echo check must be needed
			if _, isField := w.res.Field(name); !isField {
				t.Errorf("%s: noEcho %s is not a field of %s, so it is never echo-checked", w, name, w.res.Name)
			}
		}
	}
	for k := range cases {
		if !seen[k] {
			t.Errorf("case %s names no write op of the catalogue", k)
		}
	}
	if len(ops) < 50 {
		t.Errorf("only %d write ops found; the walk is broken", len(ops))
	}
}

// payload is the request of an op form: the case's fields, then every
// required field from the fixtures; for a delete, its query parameters.
func payload(t *testing.T, w writeOp, c opCase) map[string]any {
	t.Helper()
	vals := map[string]any{}
	if w.op.Kind == catalog.KindDelete {
		for _, p := range w.op.Params {
			if v, ok := c.params[p.Name]; ok {
				vals[p.Name] = v
			} else if v, ok := byParam[p.Name]; ok {
				vals[p.Name] = v
			} else if p.Required {
				t.Fatalf("%s: no value for required parameter %s", w, p.Name)
			}
		}
		return vals
	}
	inForm := map[string]bool{}
	for _, f := range w.op.Fields {
		if !catalog.InRange(w.version, f.Since, f.Until) {
			continue
		}
		inForm[f.Name] = true
		if v, ok := c.req[f.Name]; ok {
			vals[f.Name] = v
		} else if f.Required {
			v, ok := fixture(f)
			if !ok {
				t.Fatalf("%s: no fixture for required field %s (%s %s)", w, f.Name, f.Type, f.Ref)
			}
			vals[f.Name] = v
		}
	}
	for name := range c.req {
		if !inForm[name] {
			t.Fatalf("%s: the case sets %s, which this form does not have", w, name)
		}
	}
	return vals
}

// echoes lists the sent fields a read of the resource must show, with
// their expected wire form: references as {"<key>": id}.
func echoes(t *testing.T, w writeOp, c opCase, vals map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	for name, v := range vals {
		rf, ok := w.res.Field(name)
		if !ok || slices.Contains(c.noEcho, name) {
			continue
		}
		key := rf.RefKey
		if target, ok := catalog.Load().Resource(rf.Ref); ok {
			key = target.Key // what the SDK's Ref writes back
		}
		switch rf.Type {
		case catalog.TypeRef:
			v = map[string]any{key: v}
		case catalog.TypeRefs:
			var list []any
			for _, id := range v.([]int64) {
				list = append(list, map[string]any{key: id})
			}
			v = list
		}
		var norm any
		if err := decodeNumbers(t, v, &norm); err != nil {
			t.Fatal(err)
		}
		if answered := w.res.NameAt(name, w.version); answered != "" {
			out[answered] = norm // read back under the version's name
		}
	}
	return out
}

// TestEveryWriteOp runs each write op form through its generated method on
// a fresh emulator and checks the outcome against the catalogue.
func TestEveryWriteOp(t *testing.T) {
	t.Parallel()
	for _, w := range writeOps(t) {
		t.Run(w.String(), func(t *testing.T) {
			t.Parallel()
			c, ok := cases[w.caseKey()]
			if !ok {
				t.Fatal("no case in the fixture table")
			}
			runOp(newHarness(t, w.version), w, c)
		})
	}
}

func runOp(h *harness, w writeOp, c opCase) {
	t := h.t
	vals := payload(t, w, c)
	o := outcome{}
	if w.op.Kind != catalog.KindCreate {
		if c.target == nil {
			t.Fatal("the case names no target record")
		}
		o.id = c.target(h)
		if o.before = h.get(w.res, o.id); o.before == nil {
			t.Fatalf("target %s %s does not exist", w.res.Name, o.id)
		}
	}
	from := h.requests()
	res := h.call(w, o.id, vals)
	if res.err != nil {
		t.Fatalf("%s: %v", w, res.err)
	}
	if got, want := h.writeStatus(w, o.id, from), wantStatus(w.op); got != want {
		t.Errorf("the emulator answered the %s request for %s at version %s with %d, want %d (requests %v)",
			w.op.Kind, w.res.Path, w.version, got, want, h.emu.Server.Requests()[from:])
	}
	switch {
	case w.op.Kind == catalog.KindCreate && !w.op.Async:
		if res.model == nil {
			t.Fatal("sync create returned no model")
		}
		o.created = wire(t, res.model)
		o.id = keyOf(t, w.res, o.created)
	case w.op.Async:
		if res.job == nil {
			t.Fatal("async op returned no job")
		}
		o.job = &jobSeen{}
		if o.id != "" { // a create's job names the new record only once COMPLETE
			o.job.during = field(h.get(w.res, o.id), "status")
		}
		done := h.wait(res.job)
		if w.op.Kind == catalog.KindCreate {
			n, ok := done.ResultID()
			if !ok {
				t.Fatalf("create job %d completed without a resource id (%q)", done.JobID, done.Message)
			}
			o.id = strconv.FormatInt(n, 10)
		}
	case res.job != nil || res.model != nil:
		t.Fatalf("sync %s returned %+v", w.op.Kind, res)
	}
	o.after = h.get(w.res, o.id)
	checkOutcome(h, w, c, vals, o)
	if c.check != nil {
		c.check(h, o)
	}
}

// checkOutcome is what the catalogue says about any op: created records
// are readable with the sent fields, updates show their fields, async ops
// pass through the transition's During state to To, deletes leave a 404
// or a deleted state.
func checkOutcome(h *harness, w writeOp, c opCase, vals map[string]any, o outcome) {
	t := h.t
	st := w.op.State
	if w.op.Kind == catalog.KindDelete {
		switch status := field(o.after, "status"); {
		case c.keeps:
			if o.after == nil {
				t.Fatalf("%s %s is gone; the delete should have kept it", w.res.Name, o.id)
			}
		case o.after == nil:
		case st != nil && status == st.To, status == "DELETED", status == "TERMINATED":
		default:
			t.Errorf("after delete %s %s is %q, want 404 or a deleted state", w.res.Name, o.id, status)
		}
		if st != nil && st.During != "" && (o.job == nil || o.job.during != st.During) {
			t.Errorf("while the delete job ran the status was %q, want %q", o.job.during, st.During)
		}
		return
	}
	if o.after == nil {
		t.Fatalf("%s %s is not readable after %s", w.res.Name, o.id, w.op.Verb)
	}
	observable := c.check != nil
	for name, want := range echoes(t, w, c, vals) {
		if !contains(o.after[name], want) {
			t.Errorf("after %s, %s = %v, want it to hold %v", w.op.Verb, name, o.after[name], want)
		}
		observable = observable || o.before == nil || !contains(o.before[name], want)
	}
	if st != nil {
		if got := field(o.after, "status"); got != st.To {
			t.Errorf("after %s the status is %q, want %q", w.op.Verb, got, st.To)
		}
		if o.job != nil && o.job.during != "" && o.job.during != st.During {
			t.Errorf("while the %s job ran the status was %q, want %q", w.op.Verb, o.job.during, st.During)
		}
		if o.job != nil && w.op.Kind != catalog.KindCreate && o.job.during == "" && st.During != "" {
			t.Errorf("the %s job's During state %q was not seen", w.op.Verb, st.During)
		}
		observable = observable || field(o.before, "status") != st.To
	}
	if !observable {
		t.Fatalf("nothing %s sends differs from the record before it: the test could not fail", w.op.Verb)
	}
}

// TestRequiredFieldsAreCheckedBeforeSending leaves out each required field
// (and required delete parameter) of every op form in turn: the method
// fails with *sdk.MissingFieldError (*sdk.MissingFilterError for a query
// parameter) naming it, and the emulator sees no request.
func TestRequiredFieldsAreCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	harnesses := map[string]*harness{}
	classes := map[catalog.Kind]int{}
	for _, w := range writeOps(t) {
		h := harnesses[w.version]
		if h == nil {
			h = newHarness(t, w.version)
			harnesses[w.version] = h
		}
		c := cases[w.caseKey()]
		full := payload(t, w, c)
		id := "1"
		if w.res.KeyType == "string" {
			id = "NOSUCHKEY"
		}
		var required []string
		if w.op.Kind == catalog.KindDelete {
			for _, p := range w.op.Params {
				if p.Required {
					required = append(required, p.Name)
				}
			}
		} else {
			for _, f := range w.op.Fields {
				if f.Required && catalog.InRange(w.version, f.Since, f.Until) {
					required = append(required, f.Name)
				}
			}
		}
		for _, name := range required {
			vals := maps.Clone(full)
			delete(vals, name)
			from := h.requests()
			res := h.call(w, id, vals)
			if n := h.requests() - from; n != 0 {
				t.Errorf("%s without %s: %d requests sent, want 0", w, name, n)
			}
			classes[w.op.Kind]++
			if w.op.Kind == catalog.KindDelete {
				var mf *sdk.MissingFilterError
				if !errors.As(res.err, &mf) || mf.Filter != name || mf.Resource != w.res.Name {
					t.Errorf("%s without parameter %s: %v, want a *sdk.MissingFilterError for it", w, name, res.err)
				}
				continue
			}
			mf, ok := missingField(res.err)
			if !ok || mf.Field != name || mf.Resource != w.res.Name || mf.Verb != w.op.Verb {
				t.Errorf("%s without %s: %v, want a *sdk.MissingFieldError for it", w, name, res.err)
			} else if !strings.Contains(mf.Error(), name) {
				t.Errorf("%s: message %q does not name the field", w, mf.Error())
			}
		}
	}
	for _, k := range []catalog.Kind{catalog.KindCreate, catalog.KindUpdate, catalog.KindAction, catalog.KindDelete} {
		if classes[k] == 0 {
			t.Errorf("no %s op with a required field was checked", k)
		}
	}
}
