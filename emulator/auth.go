package emulator

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Caller is who a request acts as once authenticated.
type Caller struct {
	Customer int64
	UserID   int64 // -1 for account-level keys
}

// Auth failure messages. They name what is wrong but never echo the secret
// or the expected signature.
const (
	msgMissingAuth  = "Missing authentication headers: x-esauth-access, x-esauth-timestamp and x-esauth-signature are required"
	msgInvalidKeys  = "Invalid access keys"
	msgInactiveKey  = "Invalid access keys: the API key is not active"
	msgBadTimestamp = "Invalid x-esauth-timestamp: expected milliseconds since the Unix epoch"
	msgBadSignature = "Invalid signature: expected base64(HMAC-SHA256(secret, access:METHOD:path:timestamp:User-Agent)) over the URL path without the query, with the User-Agent header exactly as signed"
)

// authenticate checks the signed-request headers (spec §3) inside the
// request's transaction and returns the caller. In log mode a failure is
// logged and the request proceeds; in off mode unsigned requests act as the
// anonymous caller, though a known access key still selects its customer.
func (s *Server) authenticate(ctx context.Context, tx store.Tx, r *http.Request) (Caller, error) {
	access := header(r.Header, hdrAccess)
	if s.opts.Auth == AuthOff {
		if access != "" {
			k, ok, err := s.eng.Key(ctx, tx, access)
			if err != nil {
				return Caller{}, err
			}
			if ok && k.Active {
				return Caller{Customer: k.Customer, UserID: k.UserID}, nil
			}
		}
		return s.anonymous()
	}
	caller, err := s.verifySignature(ctx, tx, r, access)
	if err == nil || s.opts.Auth != AuthLog {
		return caller, err
	}
	if e, ok := err.(*engine.Error); ok {
		s.log.Warn("accepting a request that failed authentication (auth mode log)",
			"method", r.Method, "path", r.URL.Path, "access", access, "reason", e.Message)
	} else {
		return Caller{}, err
	}
	if caller.Customer != 0 {
		return caller, nil
	}
	return s.anonymous()
}

func (s *Server) anonymous() (Caller, error) {
	if s.opts.Anonymous.Customer == 0 {
		return Caller{}, clientError(http.StatusForbidden,
			"%s (the emulator accepts unsigned requests but has no anonymous customer configured)", msgInvalidKeys)
	}
	return s.opts.Anonymous, nil
}

// verifySignature returns the key's caller even on a signature failure, so
// log mode can still act as the right customer.
func (s *Server) verifySignature(ctx context.Context, tx store.Tx, r *http.Request, access string) (Caller, error) {
	if !signed(r, access) {
		return Caller{}, clientError(http.StatusForbidden, msgMissingAuth)
	}
	k, ok, err := s.eng.Key(ctx, tx, access)
	if err != nil {
		return Caller{}, err
	}
	if !ok {
		return Caller{}, clientError(http.StatusForbidden, msgInvalidKeys)
	}
	return s.verifyWith(r, access, k)
}

// verifyWith checks a signed request against its key, k (verifySignature
// once the key is read).
func (s *Server) verifyWith(r *http.Request, access string, k engine.APIKey) (Caller, error) {
	tsText := header(r.Header, hdrTimestamp)
	sig := header(r.Header, hdrSignature)
	caller := Caller{Customer: k.Customer, UserID: k.UserID}
	if !k.Active {
		return caller, clientError(http.StatusForbidden, msgInactiveKey)
	}
	ts, err := strconv.ParseInt(strings.TrimSpace(tsText), 10, 64)
	if err != nil || ts < 0 {
		return caller, clientError(http.StatusForbidden, msgBadTimestamp)
	}
	skew := s.now().Sub(time.UnixMilli(ts))
	if skew > s.opts.Skew || skew < -s.opts.Skew {
		return caller, clientError(http.StatusForbidden,
			"Request timestamp outside the allowed window of ±%s (the request's clock is %s %s the emulator's)",
			s.opts.Skew, skew.Abs().Round(time.Second), aheadOrBehind(skew))
	}
	if !s.signers.valid(k.SecretKey, access, r.Method, r.URL.EscapedPath(), ts, header(r.Header, "User-Agent"), strings.TrimSpace(sig)) {
		return caller, clientError(http.StatusForbidden, msgBadSignature)
	}
	return caller, nil
}

func aheadOrBehind(skew time.Duration) string {
	if skew < 0 {
		return "ahead of"
	}
	return "behind"
}

// signerPool keeps the protocol's signers (the one clients sign with) for
// reuse: making one hashes the secret into the HMAC's pads and allocates
// its state, a third of what checking a signature costs. A pooled signer
// is reused for the same secret only; a request signed by another key
// makes a new one. The pool holds what the secrets' keys already hold in
// memory, and the garbage collector empties it.
type signerPool struct{ pool sync.Pool }

type pooledSigner struct {
	secret string
	signer *wire.Signer
}

// valid checks a request's signature.
func (p *signerPool) valid(secret, access, method, path string, ts int64, userAgent, sig string) bool {
	ps, _ := p.pool.Get().(*pooledSigner)
	if ps == nil || ps.secret != secret {
		ps = &pooledSigner{secret: secret, signer: wire.NewSigner(secret)}
	}
	ok := ps.signer.Verify(access, method, path, ts, userAgent, sig)
	p.pool.Put(ps)
	return ok
}
