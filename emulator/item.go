package emulator

import (
	"net/http"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

// serveItem answers the commonest request, a signed GET of one item at
// basic detail in JSON, with one store read (engine.ReadItem: the record,
// the caller's key and the due check in one statement on SQLite, with no
// transaction around it) instead of a View of four. handled is false when
// the request is not such a read or the read says the usual path must
// answer it (a key never read before, a missing record, a due job): it
// then runs as if serveItem had not been tried, which is why everything
// checked here is checked again there with the same outcome.
//
// The item is the answer's one element: serveAPI writes it (writeItem)
// in its envelope, as writeResult writes a bodyRaw result.
func (s *Server) serveItem(w http.ResponseWriter, r *http.Request, rt apiRoute) (item []byte, handled bool, err error) {
	req, ok := s.itemRequest(r, rt)
	if !ok {
		return nil, false, nil
	}
	access := header(r.Header, hdrAccess)
	// Auth mode off answers a request without a key as the anonymous
	// customer (authenticate): no key to read.
	anonymous := s.opts.Auth == AuthOff && access == "" && s.opts.Anonymous.Customer != 0
	switch {
	case anonymous:
		req.Customer = s.opts.Anonymous.Customer
	case s.opts.Auth == AuthStrict && !signed(r, access):
		return nil, false, nil // verifySignature answers that, before any read
	default:
		customer, known := s.eng.KnownCustomer(access)
		if !known {
			return nil, false, nil
		}
		req.Customer = customer
	}
	ans, ok, err := s.eng.ReadItem(r.Context(), s.st, access, &req)
	if err != nil {
		return nil, true, err
	}
	if !ok {
		return nil, false, nil
	}
	var caller Caller
	switch {
	case anonymous:
		caller = s.opts.Anonymous
	case s.opts.Auth == AuthStrict:
		if caller, err = s.verifyWith(r, access, ans.Key); err != nil {
			return nil, true, err
		}
	case !ans.Key.Active:
		return nil, false, nil // auth off: the anonymous caller's, on the usual path
	default:
		caller = Caller{Customer: ans.Key.Customer, UserID: ans.Key.UserID}
	}
	noteCustomer(w, caller)
	if ans.Due {
		return nil, false, nil // settled in an Update first
	}
	return ans.Item, true, nil
}

// itemRequest is the engine request of a GET that dispatch would answer
// with engine.WireItem: an item route of a resource with a GET operation
// in the route's version, basic detail, a JSON answer, and an auth mode
// where the caller is the key's (strict, or off with an active key) or,
// off without a key, the anonymous customer.
func (s *Server) itemRequest(r *http.Request, rt apiRoute) (engine.Request, bool) {
	if r.Method != http.MethodGet || !rt.item || rt.res == nil || rt.res.Flat || s.opts.Auth == AuthLog {
		return engine.Request{}, false
	}
	if details, err := s.details(r); err != nil || !prerendered(r, details) {
		return engine.Request{}, false // a bad header is answered on the usual path
	}
	op, ok := rt.res.Op(catalog.KindGet, "", rt.version)
	if !ok || op.Mutates {
		return engine.Request{}, false
	}
	return engine.Request{Resource: rt.res, ID: rt.id, Version: rt.version, Op: op}, true
}

// signed reports whether a request carries the three signature headers.
func signed(r *http.Request, access string) bool {
	return access != "" && header(r.Header, hdrTimestamp) != "" && header(r.Header, hdrSignature) != ""
}
