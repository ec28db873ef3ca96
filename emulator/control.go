package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// controlPrefix is where the emulator's own API lives: test setup and
// inspection, never part of the enStratus API.
const controlPrefix = "/_emulator/"

// serveControl answers the control API (JSON). Without a ControlToken only
// loopback clients may use it; with one, the token is required instead.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if err := s.controlAllowed(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.crossSite(r, bodyJSON); err != nil {
		s.writeError(w, r, err)
		return
	}
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, controlPrefix[:len(controlPrefix)-1]), "/")
	var out any
	var err error
	switch {
	case path == "":
		out, err = s.controlIndex(w, r)
	case path == "health":
		out, err = s.controlHealth(w, r)
	case path == "reset":
		out, err = s.controlReset(w, r)
	case path == "seed":
		out, err = s.controlSeed(w, r)
	case path == "jobs/mode":
		out, err = s.controlJobMode(w, r)
	case path == "faults":
		out, err = s.controlFaults(w, r)
	case path == "requests":
		out, err = s.controlRequests(w, r)
	default:
		out, err = s.controlExtra(w, r, path)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if out == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeBody(w, r, http.StatusOK, formatJSON, b)
}

func (s *Server) controlAllowed(r *http.Request) error {
	if s.opts.ControlToken != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.ControlToken)) != 1 {
			return clientError(http.StatusForbidden, "the control API needs the control token: Authorization: Bearer <token>")
		}
		return nil
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return clientError(http.StatusForbidden, "the control API answers loopback clients only unless a control token is configured")
	}
	return nil
}

func requireMethod(w http.ResponseWriter, r *http.Request, what string, methods ...string) error {
	for _, m := range methods {
		if r.Method == m {
			return nil
		}
	}
	return methodNotAllowed(w, r.Method, controlPrefix+what, methods)
}

// decodeControlBody reads a small JSON control document strictly.
func (s *Server) decodeControlBody(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return clientError(http.StatusRequestEntityTooLarge, "%s", describeBodyLimit(s.opts.MaxBody))
	}
	if err != nil {
		return clientError(http.StatusBadRequest, "could not read the request body: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return clientError(http.StatusBadRequest, "invalid control request body: %v", err)
	}
	if dec.More() {
		return clientError(http.StatusBadRequest, "invalid control request body: data after the JSON object")
	}
	return nil
}

func (s *Server) controlHealth(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := requireMethod(w, r, "health", http.MethodGet); err != nil {
		return nil, err
	}
	return map[string]any{"status": "ok", "currentVersion": s.cat.CurrentVersion, "auth": s.opts.Auth}, nil
}

func (s *Server) controlReset(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := requireMethod(w, r, "reset", http.MethodPost); err != nil {
		return nil, err
	}
	if err := s.Reset(r.Context()); err != nil {
		return nil, err
	}
	return map[string]any{"status": "reset"}, nil
}

func (s *Server) controlSeed(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := requireMethod(w, r, "seed", http.MethodPost); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	if err != nil {
		return nil, clientError(http.StatusRequestEntityTooLarge, "%s", describeBodyLimit(s.opts.MaxBody))
	}
	// A seed's records sit four levels down ({"customers":[{"resources":
	// {"Server":[…), and their fields take the API's depth limit.
	if d := jsonDepth(b); d > s.opts.MaxDepth+4 {
		return nil, clientError(http.StatusBadRequest, "seed document nests deeper than %d levels", s.opts.MaxDepth+4)
	}
	replace := r.URL.Query().Get("replace")
	if replace != "" && replace != "true" && replace != "false" {
		return nil, clientError(http.StatusBadRequest, "invalid replace=%q: want true or false", replace)
	}
	if err := s.LoadSeed(r.Context(), b, replace == "true"); err != nil {
		return nil, err
	}
	return map[string]any{"status": "seeded"}, nil
}

// Reset wipes the store and loads the configured seed again.
func (s *Server) Reset(ctx context.Context) error {
	if err := s.st.Reset(ctx); err != nil {
		return fmt.Errorf("reset the store: %w", err)
	}
	if s.opts.Reseed == nil {
		return nil
	}
	if err := s.opts.Reseed(ctx, s.st); err != nil {
		return fmt.Errorf("re-seed the store: %w", err)
	}
	return nil
}

// LoadSeed validates a seed document and loads it on top of the current
// data, or instead of it when replace is set.
func (s *Server) LoadSeed(ctx context.Context, doc []byte, replace bool) error {
	sd, err := seed.ParseFor(s.cat, doc)
	if err != nil {
		return clientError(http.StatusBadRequest, "%v", err)
	}
	if replace {
		if err := s.st.Reset(ctx); err != nil {
			return fmt.Errorf("reset the store: %w", err)
		}
	}
	// Its customers' keys join the record `mixcoatl emulator keys` lists;
	// its records are stored in this server's canonical form, as at a
	// first start or a reset, so that reads and lists of them take the
	// verbatim paths.
	return seedStore(ctx, s.st, sd, s.eng)
}

// jobModeRequest is the body of PUT /_emulator/jobs/mode.
type jobModeRequest struct {
	Scope    string   `json:"scope"` // "" (all), "Server" or "Server.launch"
	Mode     string   `json:"mode"`  // immediate, polls, duration, fail
	Polls    int      `json:"polls,omitempty"`
	Duration Duration `json:"duration,omitempty"`
	Message  string   `json:"message,omitempty"`
}

func (s *Server) controlJobMode(w http.ResponseWriter, r *http.Request) (any, error) {
	if r.Method == http.MethodGet {
		modes, err := s.JobModes(r.Context())
		if err != nil {
			return nil, err
		}
		return map[string]any{"modes": modes}, nil
	}
	if err := requireMethod(w, r, "jobs/mode", http.MethodGet, http.MethodPut); err != nil {
		return nil, err
	}
	var req jobModeRequest
	if err := s.decodeControlBody(w, r, &req); err != nil {
		return nil, err
	}
	m := engine.JobMode{Mode: req.Mode, Polls: req.Polls, Duration: time.Duration(req.Duration), Message: req.Message}
	if err := s.SetJobMode(r.Context(), req.Scope, m); err != nil {
		return nil, err
	}
	return map[string]any{"scope": req.Scope, "mode": req.Mode}, nil
}

// SetJobMode says how jobs progress for a scope: "" (all), a resource name
// or "Resource.verb". A zero mode removes the scope's setting.
func (s *Server) SetJobMode(ctx context.Context, scope string, m engine.JobMode) error {
	if err := validateJobMode(s, scope, m); err != nil {
		return err
	}
	return s.st.Update(ctx, func(tx store.Tx) error { return engine.SetJobMode(ctx, tx, scope, m) })
}

func validateJobMode(s *Server, scope string, m engine.JobMode) error {
	switch m.Mode {
	case "", "immediate", "fail": // "" removes the scope's setting
	case "polls":
		if m.Polls < 1 {
			return clientError(http.StatusBadRequest, "job mode polls needs polls >= 1")
		}
	case "duration":
		if m.Duration <= 0 {
			return clientError(http.StatusBadRequest, "job mode duration needs a positive duration such as \"5s\"")
		}
	default:
		return clientError(http.StatusBadRequest, "invalid job mode %q: want immediate, polls, duration or fail", m.Mode)
	}
	if scope == "" {
		return nil
	}
	name, verb, _ := strings.Cut(scope, ".")
	res, ok := s.cat.Resource(name)
	if !ok {
		return clientError(http.StatusBadRequest, "invalid job mode scope %q: unknown resource %s", scope, name)
	}
	if verb != "" && verb != "delete" && !hasVerb(res.Ops, verb) {
		return clientError(http.StatusBadRequest, "invalid job mode scope %q: %s has no operation %s", scope, name, verb)
	}
	return nil
}

func (s *Server) controlFaults(w http.ResponseWriter, r *http.Request) (any, error) {
	switch r.Method {
	case http.MethodGet:
		return map[string]any{"faults": s.Faults()}, nil
	case http.MethodPost:
		var rule FaultRule
		if err := s.decodeControlBody(w, r, &rule); err != nil {
			return nil, err
		}
		added, err := s.AddFault(rule)
		if err != nil {
			return nil, clientError(http.StatusBadRequest, "invalid fault rule: %v", err)
		}
		return added, nil
	case http.MethodDelete:
		s.ClearFaults()
		return nil, nil
	}
	return nil, methodNotAllowed(w, r.Method, controlPrefix+"faults", []string{http.MethodGet, http.MethodPost, http.MethodDelete})
}

// requestView is a RequestRecord on the wire, duration in milliseconds.
type requestView struct {
	RequestRecord
	DurationMillis float64 `json:"durationMs"`
}

func (s *Server) controlRequests(w http.ResponseWriter, r *http.Request) (any, error) {
	switch r.Method {
	case http.MethodGet:
		recs := s.Requests()
		views := make([]requestView, len(recs))
		for i, rec := range recs {
			views[i] = requestView{RequestRecord: rec, DurationMillis: float64(rec.Duration) / float64(time.Millisecond)}
		}
		return map[string]any{"requests": views}, nil
	case http.MethodDelete:
		s.ResetRequests()
		return nil, nil
	}
	return nil, methodNotAllowed(w, r.Method, controlPrefix+"requests", []string{http.MethodGet, http.MethodDelete})
}

func hasVerb(ops []*catalog.Op, verb string) bool {
	for _, o := range ops {
		if o.Verb == verb {
			return true
		}
	}
	return false
}
