package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// The untyped operation executor: every request the SDK's generated
// services and the CLI's resource commands make about a catalogue resource
// goes through Operation.Prepare and Prepared.Send (or Prepared.Pages), so
// choosing the payload form for the API version, the required-field and
// required-parameter checks, the request's shape and the decoding of the
// answer are written once.

// Operation is one operation of a resource, by kind and verb (the verb is
// the payload key; "" for reads and deletes). Resource need not come from
// catalog.Load(): any catalogue entry works, which is how a resource added
// to a copy of the catalogue gets a client without code.
type Operation struct {
	Resource *catalog.Resource
	Kind     catalog.Kind
	Verb     string
}

// Sender sends one request and knows the client's configuration (its API
// version); *dcm.Client and every Client implement it.
type Sender interface {
	dcm.Doer
	Config() dcm.Config
}

// Lister reads a list page by page (x-es-pagination); *dcm.Client and
// every Client implement it.
type Lister interface {
	Pages(ctx context.Context, req *dcm.Request) iter.Seq2[*dcm.Response, error]
	Config() dcm.Config
}

// FormError is a payload member that the operation takes only in another
// API version's form (the 2012 firewall rule's "cidr" at 2015-06-29): it
// would be ignored or refused by the server, so it is refused before any
// request is sent.
type FormError struct {
	Resource string // "FirewallRule"
	Verb     string // "addRule"
	Member   string // wire name, "cidr"
	Version  string // the client's API version
}

func (e *FormError) Error() string {
	return fmt.Sprintf("%s %s: %q is not part of the API version %s form", e.Resource, e.Verb, e.Member, e.Version)
}

// Form picks the form of the operation that applies to the API version
// (*UnsupportedError when none does) and refuses members, payload wire
// names the caller means to send, that only another form of the same kind
// and verb takes (*FormError). Members no form knows pass: the API grew
// fields the catalogue may not list.
func (o Operation) Form(version string, members ...string) (*catalog.Op, error) {
	op, ok := o.Resource.Op(o.Kind, o.Verb, version)
	if !ok {
		return nil, &UnsupportedError{Resource: o.Resource.Name, Kind: string(o.Kind), Verb: o.Verb, Version: version}
	}
	for _, m := range members {
		if !takes(op, m) && o.otherFormTakes(op, m) {
			return nil, &FormError{Resource: o.Resource.Name, Verb: o.Verb, Member: m, Version: version}
		}
	}
	return op, nil
}

func takes(op *catalog.Op, member string) bool {
	return slices.ContainsFunc(op.Fields, func(f *catalog.Field) bool { return f.Name == member })
}

func (o Operation) otherFormTakes(chosen *catalog.Op, member string) bool {
	for _, op := range o.Resource.Ops {
		if op != chosen && op.Kind == o.Kind && op.Verb == o.Verb && takes(op, member) {
			return true
		}
	}
	return false
}

// Prepare checks and builds the operation for the API version, before
// anything is sent. payload is nil, a map of wire members (sent as given,
// after Form refused other forms' members) or a typed request struct whose
// JSON tags are wire names (see Payload: a request type is the union of
// the forms, so it only sends the chosen form's fields). params is nil,
// url.Values or a struct of `url`-tagged fields: a list's filters, or the
// query of another operation (a delete's reason, an analytics period).
// Errors: *UnsupportedError, *FormError, *MissingFieldError,
// *MissingFilterError.
func (o Operation) Prepare(version string, payload, params any, opts ...CallOption) (*Prepared, error) {
	members, _ := payload.(map[string]any)
	var names []string
	if len(members) > 0 { // reads stay free of allocations here
		names = slices.Sorted(maps.Keys(members))
	}
	op, err := o.Form(version, names...)
	if err != nil {
		return nil, err
	}
	q, err := o.query(op, params)
	if err != nil {
		return nil, err
	}
	co := collect(opts)
	p := &Prepared{Resource: o.Resource, Op: op, Query: q, Format: co.format, Details: co.details}
	switch o.Kind {
	case catalog.KindList, catalog.KindGet, catalog.KindHead:
		return p, nil
	}
	// Writes are JSON whatever format the client reads: the XML payload
	// vocabulary is known from two samples only (spec §14).
	p.Format = dcm.FormatJSON
	if o.Kind == catalog.KindDelete {
		return p, nil
	}
	var body map[string]any
	if members != nil {
		body, err = mapPayload(o.Resource, op, members)
	} else if err = o.otherFormSet(op, version, payload); err == nil {
		body, err = Payload(o.Resource, op, payload)
	}
	if err != nil {
		return nil, err
	}
	if p.Body, err = json.Marshal(Wrap(op, body)); err != nil {
		return nil, err
	}
	return p, nil
}

// otherFormSet refuses a typed request that sets a member only another
// form takes (*FormError), as Form does for a map: a request type is the
// union of the forms, and dropping such a member would send a different
// request than the caller wrote (a 2014 rule's permission DENY at
// 2012-06-15 would create a rule that allows). A member the chosen form
// carries under another name (the catalogue's sameAs, as the 2012 "cidr"
// is the later "source") passes when that name is set too: code written
// for every version fills both, and the chosen form sends its own.
func (o Operation) otherFormSet(op *catalog.Op, version string, req any) error {
	byName, _ := requestMembers(req)
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		if byName[name].IsZero() || takes(op, name) || !o.otherFormTakes(op, name) {
			continue
		}
		if v, ok := byName[o.sameAs(op, name)]; ok && !v.IsZero() {
			continue
		}
		return &FormError{Resource: o.Resource.Name, Verb: o.Verb, Member: name, Version: version}
	}
	return nil
}

// sameAs is the member of op that carries what member carries under
// another API version's name (resource fields linked by sameAs, in either
// direction or through a common field), or "".
func (o Operation) sameAs(op *catalog.Op, member string) string {
	root := func(name string) string {
		if f, ok := o.Resource.Field(name); ok && f.SameAs != "" {
			return f.SameAs
		}
		return name
	}
	for _, f := range op.Fields {
		if f.Name != member && root(f.Name) == root(member) {
			return f.Name
		}
	}
	return ""
}

// query checks and builds the query: a list's or count's filters are the
// resource's, any other operation's parameters its form's.
func (o Operation) query(op *catalog.Op, params any) (url.Values, error) {
	if o.Kind == catalog.KindList || o.Kind == catalog.KindHead {
		return FilterQuery(o.Resource, params)
	}
	return ParamQuery(o.Resource.Name, string(o.Kind), op.Params, params)
}

// mapPayload checks a payload given as wire members for the form's
// required fields; the members are sent as they are.
func mapPayload(res *catalog.Resource, op *catalog.Op, members map[string]any) (map[string]any, error) {
	for _, f := range op.Fields {
		if _, ok := members[f.Name]; !ok && f.Required {
			return nil, &MissingFieldError{Resource: res.Name, Verb: op.Verb, Field: f.Name}
		}
	}
	return members, nil
}

// Prepared is an operation checked and built for one API version, ready to
// be sent for any number of ids.
type Prepared struct {
	Resource *catalog.Resource
	Op       *catalog.Op // the form chosen for the version
	Query    url.Values
	Body     []byte // the wrapped JSON payload; nil for reads and deletes
	Format   dcm.Format
	Details  dcm.Details
}

// Request is the request for the item id ("" for a create, a list or a
// flat resource).
func (p *Prepared) Request(id string) *dcm.Request {
	path := p.Resource.Path
	if id != "" {
		path += "/" + url.PathEscape(id)
	}
	method := http.MethodGet
	switch p.Op.Kind {
	case catalog.KindHead:
		method = http.MethodHead
	case catalog.KindCreate, catalog.KindUpdate, catalog.KindAction, catalog.KindDelete:
		method = MethodOf(p.Op.Kind)
	}
	return &dcm.Request{Method: method, Path: path, Query: p.Query, Body: p.Body, Format: p.Format, Details: p.Details}
}

// Send sends the operation for the item id and checks that the answer is
// evidence of what was asked (see evidence): jobs for a 202, the
// resource's objects for any other success with a body. An answer that is
// not is an *dcm.APIError of Problem dcm.ProblemAnswer quoting the start
// of the body, never a silent success.
func (p *Prepared) Send(ctx context.Context, d dcm.Doer, id string) (*Result, error) {
	req := p.Request(id)
	resp, err := d.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	r := &Result{Resource: p.Resource, Method: req.Method, Path: req.Path, Response: resp}
	if err := p.evidence(req, r); err != nil {
		return nil, err
	}
	return r, nil
}

// evidence decodes the answer r holds into its jobs or items, refusing one
// that does not match the operation:
//
//   - 202 Accepted must carry at least one job ({"jobs":[…]});
//   - 204 No Content is the success of an update, action or delete; a
//     read or a create needs a body;
//   - any other success must carry a JSON or XML body (by Content-Type;
//     text/html from a proxy is refused) holding the resource's envelope
//     of objects (a flat resource: one object), and a create at least one
//     object: its answer is the evidence that something was created.
//
// A HEAD is answered by headers alone and is not checked here.
func (p *Prepared) evidence(req *dcm.Request, r *Result) error {
	resp := r.Response
	switch {
	case p.Op.Kind == catalog.KindHead:
		return nil
	case resp.StatusCode == http.StatusAccepted:
		jobs, err := dcm.DecodeJobs(resp.Body, responseFormat(resp))
		if err != nil || len(jobs) == 0 {
			return dcm.UnusableAnswer(req, resp, `the jobs of an accepted request ({"jobs":[…]})`)
		}
		r.Jobs = jobs
		return nil
	case resp.StatusCode == http.StatusNoContent:
		if p.Op.Kind == catalog.KindCreate || isRead(p.Op.Kind) {
			return dcm.UnusableAnswer(req, resp, p.expected())
		}
		return nil
	case r.Empty():
		return dcm.UnusableAnswer(req, resp, p.expected())
	}
	if _, err := dcm.AnswerFormat(resp.Header, resp.Body); err != nil {
		return dcm.UnusableAnswer(req, resp, p.expected())
	}
	items, err := DecodeItems(p.Resource, resp)
	if err != nil {
		return dcm.UnusableAnswer(req, resp, p.expected()+" ("+err.Error()+")")
	}
	if len(items) == 0 && p.Op.Kind == catalog.KindCreate {
		return dcm.UnusableAnswer(req, resp, p.expected())
	}
	r.items, r.decoded = items, true
	return nil
}

// expected says what a successful answer to the operation holds.
func (p *Prepared) expected() string {
	what := fmt.Sprintf("the %q collection", p.Resource.Collection)
	if p.Resource.Flat {
		what = "a JSON object"
	}
	switch p.Op.Kind {
	case catalog.KindCreate:
		return "jobs, or the created object in " + what
	case catalog.KindUpdate, catalog.KindAction, catalog.KindDelete:
		return "no content (204), jobs, or " + what
	}
	return what
}

func isRead(k catalog.Kind) bool { return k == catalog.KindList || k == catalog.KindGet }

// Pages reads a list page by page, yielding each page's items; it stops
// at the first error, yielding it. A page must be the resource's envelope
// (as Send checks), and only the last page may be empty: an empty page
// that says more follow asks for more pages than items could need, which
// is an *dcm.APIError of Problem dcm.ProblemPaging (dcm.Client.Pages
// guards against repeated pages and ids).
func (p *Prepared) Pages(ctx context.Context, c Lister) iter.Seq2[[]json.RawMessage, error] {
	return func(yield func([]json.RawMessage, error) bool) {
		req := p.Request("")
		n := 0
		for resp, err := range c.Pages(ctx, req) {
			if err != nil {
				yield(nil, err)
				return
			}
			n++
			r := &Result{Resource: p.Resource, Method: req.Method, Path: req.Path, Response: resp}
			if err := p.evidence(req, r); err != nil {
				yield(nil, err)
				return
			}
			if len(r.items) == 0 && !dcm.IsLastPage(resp) {
				yield(nil, dcm.NewAnswerError(req, resp, dcm.ProblemPaging, fmt.Sprintf(
					"page %d is empty but says more pages follow: more pages than items could need, so the listing was stopped there", n)))
				return
			}
			if !yield(r.items, nil) {
				return
			}
		}
	}
}

// Result is the answer to one operation.
type Result struct {
	Resource     *catalog.Resource
	Method, Path string // of the request, for messages
	Response     *dcm.Response
	// Jobs are the jobs of an asynchronous operation (202 Accepted).
	Jobs []dcm.Job

	items   []json.RawMessage // decoded by Send
	decoded bool
}

// Async reports whether the server answered with jobs (202).
func (r *Result) Async() bool { return r.Response.StatusCode == http.StatusAccepted }

// Empty reports an answer without a body (204 No Content, or a body of
// blanks).
func (r *Result) Empty() bool { return len(bytes.TrimSpace(r.Response.Body)) == 0 }

// Items decodes the objects of a 200 or 201 answer: the members of the
// resource's collection envelope, or the body of a flat resource.
func (r *Result) Items() ([]json.RawMessage, error) {
	if r.Async() {
		return nil, nil
	}
	if r.decoded {
		return r.items, nil
	}
	items, err := DecodeItems(r.Resource, r.Response)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.Method, r.Path, err)
	}
	return items, nil
}

// One is the first object of the answer (a get, a synchronous create);
// an answer without one is an *EmptyResultError.
func (r *Result) One() (json.RawMessage, error) {
	items, err := r.Items()
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, newEmptyResult(r)
	}
	return items[0], nil
}

// Exec prepares the operation for c's API version and sends it for the
// item id (see Operation.Prepare and Prepared.Send).
func Exec(ctx context.Context, c Sender, o Operation, id string, payload, params any, opts ...CallOption) (*Result, error) {
	p, err := o.Prepare(c.Config().APIVersion, payload, params, opts...)
	if err != nil {
		return nil, err
	}
	return p.Send(ctx, c, id)
}

// GetItem reads one object of res by id ("" for a flat singleton) with
// the get's parameters params (nil, url.Values or a params struct).
func GetItem(ctx context.Context, c Sender, res *catalog.Resource, id string, params any, opts ...CallOption) (json.RawMessage, error) {
	r, err := Exec(ctx, c, Operation{Resource: res, Kind: catalog.KindGet}, id, nil, params, opts...)
	if err != nil {
		return nil, err
	}
	return r.One()
}

// ListPages reads every object of res matching filter (nil, url.Values or
// a filter struct; required filters are checked before any request), page
// after page, yielding each page's objects.
func ListPages(ctx context.Context, c Lister, res *catalog.Resource, filter any, opts ...CallOption) iter.Seq2[[]json.RawMessage, error] {
	return func(yield func([]json.RawMessage, error) bool) {
		p, err := Operation{Resource: res, Kind: catalog.KindList}.Prepare(c.Config().APIVersion, nil, filter, opts...)
		if err != nil {
			yield(nil, err)
			return
		}
		for items, err := range p.Pages(ctx, c) {
			if !yield(items, err) || err != nil {
				return
			}
		}
	}
}
