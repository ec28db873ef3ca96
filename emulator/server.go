// Package emulator is the HTTP face of the enStratus API emulator: version
// discovery, signed-request authentication, routing through the resource
// catalogue, JSON and XML codecs, pagination, fault injection, a request log
// and the /_emulator/ control API. Behaviour lives in emulator/engine and
// state in emulator/store; every API request runs in one store transaction.
//
// What the emulator chose where the recorded API leaves it open (states of
// concurrent operations, limits and their defaults, keys, paging, logs,
// refusals of cross-site requests) is in docs/emulator-behaviour.md.
package emulator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/bits"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// AuthMode says how request signatures are checked.
type AuthMode string

const (
	AuthStrict AuthMode = "strict" // reject bad or missing signatures with 403
	AuthLog    AuthMode = "log"    // accept, but log what would have been rejected
	AuthOff    AuthMode = "off"    // accept unsigned requests as the first customer
)

// ParseAuthMode checks a mode name ("" = strict).
func ParseAuthMode(s string) (AuthMode, error) {
	switch m := AuthMode(strings.ToLower(strings.TrimSpace(s))); m {
	case "":
		return AuthStrict, nil
	case AuthStrict, AuthLog, AuthOff:
		return m, nil
	}
	return "", fmt.Errorf("invalid auth mode %q: want strict, log or off", s)
}

// Defaults of Options.
const (
	DefaultSkew     = 5 * time.Minute
	DefaultPageSize = 250
	DefaultMaxBody  = 1 << 20
	// DefaultMaxDepth bounds the nesting of JSON and XML request bodies
	// (and so of free-form fields): deep enough for every payload of the
	// API, shallow enough that no answer holding one can blow up.
	DefaultMaxDepth       = 64
	DefaultRequestLogSize = 10000
	// DefaultRequestLogBytes bounds the memory of the request log.
	DefaultRequestLogBytes = 4 << 20
	DefaultDetails         = "basic"
)

// Unpaged as Options.PageSize answers every list whole: what `mixcoatl
// emulator` does unless --page-size is given, so that a client that never
// reads x-es-last-page (every client of the original service but one)
// cannot lose items without noticing.
const Unpaged = -1

// Options configure a Server. Only Store is required.
type Options struct {
	Store   store.Store
	Catalog *catalog.Catalog // nil = catalog.Load()
	Clock   func() time.Time // nil = time.Now; used for signatures and jobs
	Auth    AuthMode         // "" = strict
	Skew    time.Duration    // allowed clock skew each way; 0 = DefaultSkew (5m)
	// PageSize is the longest list answered in one page; 0 =
	// DefaultPageSize; Unpaged answers every list in one page.
	PageSize int
	// DefaultDetails is the x-es-details level when the header is absent:
	// "" = basic (what every known client asks for); "none" is the level
	// documented for the old server.
	DefaultDetails string
	Logger         *slog.Logger // nil = discard
	// ControlToken, when set, is required (Authorization: Bearer <token>) on
	// /_emulator/ requests, which are then allowed from any address; when
	// empty, the control API answers loopback clients only.
	ControlToken string
	MaxBody      int64 // request body limit in bytes (413 above); 0 = 1 MiB
	// MaxDepth bounds the nesting of JSON and XML request bodies (400
	// above); 0 = DefaultMaxDepth.
	MaxDepth int
	// Reseed fills a freshly wiped store; POST /_emulator/reset calls it
	// after Store.Reset (nil = the store stays empty).
	Reseed func(ctx context.Context, st store.Store) error
	// Anonymous is the caller of unsigned requests in auth mode off
	// (Run and dcmtest set the seed's first customer).
	Anonymous Caller
	// RequestLogSize bounds the request log (oldest entries dropped); 0 = 10000.
	RequestLogSize int
	// RequestLogBytes bounds the request log's memory (oldest entries
	// dropped, long paths and queries truncated); 0 = DefaultRequestLogBytes.
	RequestLogBytes int
	// LogRequests logs one line per request (Info) on Logger.
	LogRequests bool
	// AllowedHosts are Host names, besides loopback names and IP literals,
	// that the control API and an API without signature checks (auth off
	// or log) answer: the names a browser page cannot rebind (crossSite).
	// Run adds the listen address's host.
	AllowedHosts []string
	// FaultSeed seeds the random source of probabilistic fault rules.
	FaultSeed uint64
	// Console builds the web console served under /_emulator/ui/ (nil:
	// none). It is a constructor because the console reads the Server it
	// is part of; emulator/console.New is the one there is.
	Console func(*Server) (http.Handler, error)
}

// Server is the emulator's http.Handler. Safe for concurrent use.
type Server struct {
	opts     Options
	cat      *catalog.Catalog
	eng      *engine.Engine
	st       store.Store
	log      *slog.Logger
	now      func() time.Time
	idPrefix string
	idSeq    atomic.Uint64
	faults   *faultSet
	requests *requestLog
	watch    watchState
	console  http.Handler // nil: no web console
	// stopping is closed when the HTTP server shuts down, so that long
	// answers (the console's event streams) end instead of holding the
	// shutdown up.
	stopping chan struct{}
	stopOnce sync.Once
	docs     sync.Map // API version → its OpenAPI document (openapi.go)
	signers  signerPool
	hot      hotPath
}

// Stopping is closed once Stop is called.
func (s *Server) Stopping() <-chan struct{} { return s.stopping }

// Stop tells long answers in flight (event streams) to end; Run calls it
// when the server shuts down.
func (s *Server) Stop() { s.stopOnce.Do(func() { close(s.stopping) }) }

// New validates opts and builds a Server. It performs no I/O.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("emulator: Options.Store is required")
	}
	if opts.Catalog == nil {
		opts.Catalog = catalog.Load()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	mode, err := ParseAuthMode(string(opts.Auth))
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	opts.Auth = mode
	switch {
	case opts.Skew < 0:
		return nil, fmt.Errorf("emulator: negative clock-skew window %s", opts.Skew)
	case opts.Skew == 0:
		opts.Skew = DefaultSkew
	}
	switch {
	case opts.PageSize < Unpaged:
		return nil, fmt.Errorf("emulator: negative page size %d", opts.PageSize)
	case opts.PageSize == 0:
		opts.PageSize = DefaultPageSize
	}
	if opts.DefaultDetails == "" {
		opts.DefaultDetails = DefaultDetails
	}
	d, ok := wire.ParseDetails(opts.DefaultDetails)
	if !ok {
		return nil, fmt.Errorf("emulator: invalid default details %q: want none, basic or extended", opts.DefaultDetails)
	}
	opts.DefaultDetails = d
	switch {
	case opts.MaxBody < 0:
		return nil, fmt.Errorf("emulator: negative body limit %d", opts.MaxBody)
	case opts.MaxBody == 0:
		opts.MaxBody = DefaultMaxBody
	}
	switch {
	case opts.MaxDepth < 0:
		return nil, fmt.Errorf("emulator: negative depth limit %d", opts.MaxDepth)
	case opts.MaxDepth == 0:
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.RequestLogSize <= 0 {
		opts.RequestLogSize = DefaultRequestLogSize
	}
	if opts.RequestLogBytes <= 0 {
		opts.RequestLogBytes = DefaultRequestLogBytes
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var prefix [3]byte
	_, _ = rand.Read(prefix[:]) // crypto/rand.Read never fails
	s := &Server{
		opts:     opts,
		cat:      opts.Catalog,
		eng:      engine.New(opts.Catalog, opts.Clock),
		st:       opts.Store,
		log:      logger,
		now:      opts.Clock,
		idPrefix: "emu" + hex.EncodeToString(prefix[:]),
		faults:   newFaultSet(opts.FaultSeed),
		requests: newRequestLog(opts.RequestLogSize, opts.RequestLogBytes),
		stopping: make(chan struct{}),
		hot:      newHotPath(opts.Catalog),
	}
	if opts.Console != nil {
		if s.console, err = opts.Console(s); err != nil {
			return nil, fmt.Errorf("emulator: web console: %w", err)
		}
	}
	return s, nil
}

// Catalog returns the catalogue the server routes with.
func (s *Server) Catalog() *catalog.Catalog { return s.cat }

// Store returns the server's store.
func (s *Server) Store() store.Store { return s.st }

// Engine returns the server's engine (for in-process tests driving jobs).
func (s *Server) Engine() *engine.Engine { return s.eng }

// nextRequestID is idPrefix, "x" and the sequence number in hex, at least
// six digits.
func (s *Server) nextRequestID() string {
	n := s.idSeq.Add(1)
	var buf [48]byte
	b := append(buf[:0], s.idPrefix...)
	b = append(b, 'x')
	for i := (bits.Len64(n) + 3) / 4; i < 6; i++ {
		b = append(b, '0')
	}
	b = strconv.AppendUint(b, n, 16)
	return string(b)
}

// ServeHTTP dispatches to the control API, version discovery or the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	started := time.Now()
	id := s.nextRequestID()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK, id: id}
	setHeader(rec, hdrRequestID, id)
	defer s.logRequest(rec, r, started)
	if s.console != nil && (r.URL.Path == consolePrefix[:len(consolePrefix)-1] || strings.HasPrefix(r.URL.Path, consolePrefix)) {
		s.guard(rec, r, s.serveConsole)
		return
	}
	if r.URL.Path == controlPrefix[:len(controlPrefix)-1] || strings.HasPrefix(r.URL.Path, controlPrefix) {
		w.Header().Set(hdrVersion, s.cat.CurrentVersion)
		s.guard(rec, r, s.serveControl)
		return
	}
	rec.log = requestEntry{srv: s, r: r, started: started}
	defer rec.log.end(rec)
	if s.startCapture(rec) {
		defer s.keepDetail(rec, r)
	}
	if s.applyFaults(rec, r) {
		return
	}
	s.guard(rec, r, s.route)
}

// guard turns a handler panic into a logged 500 (with the request id and
// the stack), so one bad request cannot take the process down.
// http.ErrAbortHandler (a dropped connection) passes.
func (s *Server) guard(w *statusRecorder, r *http.Request, h func(http.ResponseWriter, *http.Request)) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			w.reported = true
			s.log.Error("panic while serving", "request", w.id, "method", r.Method, "path", loggedPath(r),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !w.written {
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			} else {
				w.status = http.StatusInternalServerError
			}
		}
	}()
	h(w, r)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == wire.BasePath || p == wire.BasePath+"/":
		w.Header().Set(hdrVersion, s.cat.CurrentVersion)
		s.serveDiscovery(w, r)
	case isDocumentPath(p):
		s.serveDocument(w, r)
	case strings.HasPrefix(p, wire.BasePath+"/"):
		s.serveAPI(w, r)
	default:
		w.Header().Set(hdrVersion, s.cat.CurrentVersion)
		s.writeError(w, r, clientError(http.StatusNotFound,
			"unknown path %q: the API lives under %s/<version>/<scope>/<Resource>", p, wire.BasePath))
	}
}
