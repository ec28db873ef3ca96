package emulator

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// apiResult is what a request produced inside its transaction, encoded after
// the commit.
type apiResult struct {
	status int
	header http.Header
	body   resultBody
	items  []map[string]any // envelope items, or the one flat object
	raw    [][]byte         // bodyRaw: the items' JSON objects, rendered
	shape  codec.Shape
	outer  string // collection key (or "jobs")
	inner  string // XML element of one item
	// version is the API version items are answered in (engine.RenderAt).
	version string
}

type resultBody int

const (
	bodyNone resultBody = iota
	bodyEnvelope
	bodyFlat
	bodyRaw   // an envelope of pre-rendered JSON items (engine.WireItem)
	bodyWhole // a whole pre-rendered JSON answer, raw[0] (engine.WireList)
)

// serveAPI handles /api/enstratus/<version>/…: one store transaction that
// authenticates, settles due jobs, runs the engine and renders the answer.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	version, segs, err := s.parseVersion(r.URL.Path)
	if err != nil {
		w.Header().Set(hdrVersion, s.cat.CurrentVersion)
		s.writeError(w, r, err)
		return
	}
	setHeader(w, hdrVersion, version)
	if err := s.admit(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	rt, routeErr := s.resolveRoute(version, segs)
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if readsOnly(r, rt, routeErr) && routeErr == nil {
		if item, handled, err := s.serveItem(w, r, rt); handled {
			if err == nil {
				s.writeItem(w, r, rt.res.Collection, item)
				return
			}
			s.writeAPIError(w, r, err)
			return
		}
	}
	s.serveOp(w, r, rt, routeErr, body)
}

// serveOp answers an API request the one-read path (serveItem) did not:
// a read in a View when it can, else in an Update.
func (s *Server) serveOp(w http.ResponseWriter, r *http.Request, rt apiRoute, routeErr error, body []byte) {
	var res *apiResult
	var err error
	handled := false
	if readsOnly(r, rt, routeErr) {
		res, handled, err = s.serveRead(r, w, rt, routeErr)
	}
	if !handled {
		err = s.st.Update(r.Context(), func(tx store.Tx) error {
			caller, err := s.authenticate(r.Context(), tx, r)
			if err != nil {
				return err
			}
			noteCustomer(w, caller)
			if routeErr != nil {
				return routeErr
			}
			if err := s.eng.Settle(r.Context(), tx, caller.Customer); err != nil {
				return err
			}
			res, err = s.dispatch(r.Context(), tx, w, r, rt, caller, body)
			return err
		})
	}
	if err != nil {
		s.writeAPIError(w, r, err)
		return
	}
	s.writeResult(w, r, res)
}

// writeAPIError answers an API request that failed; a request its client
// abandoned is logged as such.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		err = clientError(statusClientClosedRequest, "request cancelled by the client")
	}
	s.writeError(w, r, err)
}

// statusClientClosedRequest is the status logged for a request its client
// abandoned (nginx's 499; net/http names none). The client never sees it.
const statusClientClosedRequest = 499

// errNeedsUpdate aborts a read-only attempt that found something to write.
var errNeedsUpdate = errors.New("emulator: the request needs a writable transaction")

// readsOnly reports whether a request can be tried in a read-only
// transaction: GET and HEAD, except a read the catalogue marks Mutates (a
// job's GET counts a poll).
func readsOnly(r *http.Request, rt apiRoute, routeErr error) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if routeErr != nil || rt.res == nil {
		return true
	}
	op, ok := rt.res.Op(rt.readKind(r.Method), "", rt.version)
	return !ok || !op.Mutates
}

// serveRead answers a read in a View, so reads do not queue behind the
// store's single writer. handled is false when the request has to run in
// an Update after all: a job or scheduled action of the caller is due (a
// read must see it settled), or something on the way tried to write.
func (s *Server) serveRead(r *http.Request, w http.ResponseWriter, rt apiRoute, routeErr error) (res *apiResult, handled bool, err error) {
	err = s.st.View(r.Context(), func(tx store.Tx) error {
		caller, err := s.authenticate(r.Context(), tx, r)
		if err != nil {
			return err
		}
		noteCustomer(w, caller)
		if routeErr != nil {
			return routeErr
		}
		due, err := s.eng.SettleDue(r.Context(), tx, caller.Customer)
		if err != nil {
			return err
		}
		if due {
			return errNeedsUpdate
		}
		res, err = s.dispatch(r.Context(), tx, w, r, rt, caller, nil)
		return err
	})
	if errors.Is(err, errNeedsUpdate) || errors.Is(err, store.ErrReadOnly) {
		return nil, false, nil
	}
	return res, true, err
}

// admit decides whether a request may be read at all: without signature
// checks (auth off or log) it must not come from a browser of another site
// (crossSite); with them, a request with a body must be signed by a known,
// active key before its body is read (in a read-only transaction), so an
// unauthenticated client cannot make the emulator read megabytes.
func (s *Server) admit(r *http.Request) error {
	if s.opts.Auth != AuthStrict {
		return s.crossSite(r, bodyAPI)
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut || r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	return s.st.View(r.Context(), func(tx store.Tx) error {
		_, err := s.authenticate(r.Context(), tx, r)
		return err
	})
}

// details is the request's details level: its header's, or the server's
// default without one.
func (s *Server) details(r *http.Request) (string, error) {
	h := header(r.Header, hdrDetails)
	if h == "" {
		return s.opts.DefaultDetails, nil
	}
	d, ok := wire.ParseDetails(h)
	if !ok {
		return "", clientError(http.StatusBadRequest, "invalid %s header %q: want none, basic or extended", wire.HeaderDetails, h)
	}
	return d, nil
}

// prerendered reports whether a read's answer can be the engine's
// pre-rendered JSON (WireItem, WireList): basic detail, a JSON answer.
func prerendered(r *http.Request, details string) bool {
	return details == "basic" && responseFormat(header(r.Header, "Accept")) == formatJSON
}

// readBody reads a write request's body within MaxBody.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Method != http.MethodPost && r.Method != http.MethodPut || r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, clientError(http.StatusRequestEntityTooLarge, "%s", describeBodyLimit(s.opts.MaxBody))
	case err != nil:
		return nil, clientError(http.StatusBadRequest, "could not read the request body: %v", err)
	}
	return b, nil
}

func (s *Server) dispatch(ctx context.Context, tx store.Tx, w http.ResponseWriter, r *http.Request,
	rt apiRoute, caller Caller, body []byte) (*apiResult, error) {
	res := rt.res
	what := res.Path
	if rt.item {
		what += "/<id>"
	}
	allow := allowed(res, rt.item)
	if !contains(allow, r.Method) {
		if res.KeyInPath && !rt.item && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			return nil, clientError(http.StatusBadRequest, "%s is addressed by id only: %s %s/<%s>", res.Path, r.Method, res.Path, res.Key)
		}
		if res.Flat && rt.item {
			return nil, clientError(http.StatusNotFound, "%s is a single object: use GET %s without an id", res.Path, res.Path)
		}
		return nil, methodNotAllowed(w, r.Method, what, allow)
	}
	details, err := s.details(r)
	if err != nil {
		return nil, err
	}
	req := &engine.Request{Customer: caller.Customer, UserID: caller.UserID, Resource: res,
		ID: rt.id, Query: r.URL.Query(), Version: rt.version}
	var kind catalog.Kind
	var page pageRequest
	switch {
	case r.Method == http.MethodPost:
		return s.write(ctx, tx, r, req, []catalog.Kind{catalog.KindCreate}, body, details)
	case r.Method == http.MethodPut:
		return s.write(ctx, tx, r, req, []catalog.Kind{catalog.KindUpdate, catalog.KindAction}, body, details)
	case r.Method == http.MethodDelete:
		kind = catalog.KindDelete
	default:
		if kind = rt.readKind(r.Method); kind == catalog.KindList {
			if page, err = parsePageRequest(ctx, tx, res, req.Query, s.opts.PageSize); err != nil {
				return nil, err
			}
			req.Query, req.Cursor, req.Limit = page.query, page.from, page.size
		}
	}
	op, ok := res.Op(kind, "", rt.version)
	if !ok {
		return nil, clientError(http.StatusNotFound, "%s %s is not available in API version %s", r.Method, what, rt.version)
	}
	req.Op = op
	prerendered := prerendered(r, details)
	if kind == catalog.KindGet && prerendered {
		item, ok, err := s.eng.WireItem(ctx, tx, req)
		if err != nil {
			return nil, err
		}
		if ok {
			return &apiResult{status: http.StatusOK, body: bodyRaw, raw: [][]byte{item}, outer: res.Collection}, nil
		}
	}
	if kind == catalog.KindList && prerendered {
		wp, ok, err := s.eng.WireList(ctx, tx, req)
		if err != nil {
			return nil, err
		}
		if ok {
			result := &apiResult{status: http.StatusOK, header: http.Header{}, body: bodyWhole, raw: [][]byte{wp.Body}}
			if err := page.headers(ctx, tx, wp.More, wp.Next, result.header); err != nil {
				return nil, err
			}
			return result, nil
		}
	}
	out, err := s.eng.Handle(ctx, tx, req)
	if err != nil {
		return nil, err
	}
	if kind == catalog.KindHead {
		h := http.Header{}
		h.Set(wire.HeaderCount, strconv.Itoa(out.Count))
		return &apiResult{status: http.StatusOK, header: h}, nil
	}
	if kind != catalog.KindList {
		return s.result(ctx, tx, caller, res, out, details, true), nil
	}
	result := s.result(ctx, tx, caller, res, out, details, false)
	if err := page.headers(ctx, tx, out.More, out.Next, result.header); err != nil {
		return nil, err
	}
	s.renderItems(ctx, tx, caller, res, result, details)
	return result, nil
}

// write runs a POST or PUT: decode the body, pick the operation by its verb.
func (s *Server) write(ctx context.Context, tx store.Tx, r *http.Request, req *engine.Request,
	kinds []catalog.Kind, body []byte, details string) (*apiResult, error) {
	res := req.Resource
	var p payload
	if requestFormat(r.Header.Get("Content-Type"), body) == formatXML {
		root, err := parseXML(body, s.opts.MaxDepth)
		if err != nil {
			return nil, clientError(http.StatusBadRequest, "%v", err)
		}
		op, err := selectOp(res, kinds, root.Name, req.Version)
		if err != nil {
			return nil, clientError(http.StatusBadRequest, "%v", err)
		}
		req.Op, req.Body = op, xmlPayload(root, op, codec.Of(s.cat, res))
	} else {
		var err error
		if p, err = decodeJSONPayload(body, s.opts.MaxDepth); err != nil {
			return nil, clientError(http.StatusBadRequest, "%v", err)
		}
		op, err := selectOp(res, kinds, p.verb, req.Version)
		if err != nil {
			return nil, clientError(http.StatusBadRequest, "%v", err)
		}
		req.Op, req.Body = op, p.value
	}
	out, err := s.eng.Handle(ctx, tx, req)
	if err != nil {
		return nil, err
	}
	caller := Caller{Customer: req.Customer, UserID: req.UserID}
	return s.result(ctx, tx, caller, res, out, details, true), nil
}

// result shapes an engine response; items of 200/201 bodies are rendered at
// the requested detail level (lists render after pagination instead).
func (s *Server) result(ctx context.Context, tx store.Tx, caller Caller, res *catalog.Resource,
	out *engine.Response, details string, render bool) *apiResult {
	result := &apiResult{status: out.Status, header: http.Header{}, version: out.Version}
	switch {
	case out.Status == http.StatusAccepted:
		job, _ := s.cat.Resource("Job")
		result.body, result.items, result.outer, result.inner = bodyEnvelope, out.Jobs, "jobs", "job"
		result.shape = codec.Of(s.cat, job)
		if job != nil {
			result.outer, result.inner = job.Collection, wire.ResourceElement(job)
		}
		return result
	case out.Status == http.StatusNoContent:
		return result
	case res.Flat:
		result.body = bodyFlat
	default:
		result.body = bodyEnvelope
	}
	result.items, result.outer, result.inner = out.Items, res.Collection, wire.ResourceElement(res)
	result.shape = codec.Of(s.cat, res)
	if res.Flat {
		result.outer = wire.ResourceElement(res)
	}
	if render {
		s.renderItems(ctx, tx, caller, res, result, details)
	}
	return result
}

func (s *Server) renderItems(ctx context.Context, tx store.Tx, caller Caller, res *catalog.Resource, result *apiResult, details string) {
	rendered := make([]map[string]any, len(result.items))
	for i, it := range result.items {
		rendered[i] = s.eng.RenderAt(ctx, tx, caller.Customer, res, it, details, result.version)
	}
	result.items = rendered
}

// flat is the one object of a flat resource's answer ({} when none).
func (res *apiResult) flat() map[string]any {
	if len(res.items) > 0 {
		return res.items[0]
	}
	return map[string]any{}
}

// writeResult encodes the answer after the transaction committed.
func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, res *apiResult) {
	for k, vs := range res.header {
		w.Header()[k] = vs
	}
	if res.body == bodyNone {
		w.WriteHeader(res.status)
		return
	}
	f := responseFormat(header(r.Header, "Accept"))
	if res.body == bodyWhole {
		writeBody(w, r, res.status, formatJSON, res.raw[0])
		return
	}
	if res.body == bodyRaw {
		// {"<outer>":[<items>]}, as the envelope case below writes it.
		comma := []byte{','}
		parts := make([][]byte, 0, 2*len(res.raw)+2)
		parts = append(parts, envelopeOpening(res.outer))
		for i, item := range res.raw {
			if i > 0 {
				parts = append(parts, comma)
			}
			parts = append(parts, item)
		}
		writeParts(w, r, res.status, formatJSON, append(parts, []byte{']', '}'})...)
		return
	}
	var body []byte
	var err error
	switch {
	case res.body == bodyFlat && f == formatXML:
		var buf bytes.Buffer
		err = encodeXMLDocument(&buf, res.outer, res.flat(), res.shape)
		body = buf.Bytes()
	case res.body == bodyFlat:
		body, err = codec.AppendJSON(nil, res.flat(), res.shape)
	case f == formatXML:
		var buf bytes.Buffer
		err = encodeXMLCollection(&buf, res.outer, res.inner, res.items, res.shape)
		body = buf.Bytes()
	default:
		items := res.items
		if items == nil {
			items = []map[string]any{}
		}
		body = append(codec.AppendString(append(make([]byte, 0, 256*len(items)+64), '{'), res.outer), ':')
		if body, err = codec.AppendJSON(body, items, res.shape); err == nil {
			body = append(body, '}')
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeBody(w, r, res.status, f, body)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
