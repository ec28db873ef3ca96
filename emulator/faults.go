package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxFaultLatency bounds injected latency so a typo cannot hang a test run.
const maxFaultLatency = 5 * time.Minute

// FaultRule injects a failure into matching API requests (never into the
// control API). A rule matches on method and path; Probability and Times
// thin it out. Its actions, in order: wait Latency, then drop the connection
// (Drop), or answer RetryAfter (429 + Retry-After unless Status says
// otherwise), or answer Status with {"error":{"message":Message}}. A rule
// with only Latency lets the request through afterwards.
type FaultRule struct {
	ID          int      `json:"id"`                    // assigned by AddFault
	Method      string   `json:"method,omitempty"`      // "" = any
	PathPrefix  string   `json:"pathPrefix,omitempty"`  // e.g. "/api/enstratus/2012-06-15/infrastructure/Server"
	PathRegex   string   `json:"pathRegex,omitempty"`   // RE2, matched against the URL path
	Probability float64  `json:"probability,omitempty"` // 0 = always; else chance in (0,1]
	Times       int      `json:"times,omitempty"`       // fire at most this often; 0 = unlimited
	Status      int      `json:"status,omitempty"`      // 400–599
	Message     string   `json:"message,omitempty"`     // error message for Status
	Latency     Duration `json:"latency,omitempty"`
	Drop        bool     `json:"drop,omitempty"`       // close the connection without answering
	RetryAfter  int      `json:"retryAfter,omitempty"` // seconds; implies 429 when Status is 0
	Fired       int      `json:"fired"`                // how often it fired so far (reported)
}

// Duration is a time.Duration written as a Go duration string ("250ms").
type Duration time.Duration

// MarshalJSON writes "1.5s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string such as \"250ms\", not %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("invalid duration %q: %v", s, err)
	}
	*d = Duration(v)
	return nil
}

type faultEntry struct {
	rule FaultRule
	re   *regexp.Regexp
}

// faultSet holds the rules and the seeded random source, so a probabilistic
// scenario replays identically for the same seed.
type faultSet struct {
	mu     sync.Mutex
	rng    *rand.Rand
	rules  []*faultEntry
	nextID int
}

func newFaultSet(seed uint64) *faultSet {
	return &faultSet{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func validateFault(r FaultRule) (*regexp.Regexp, error) {
	var re *regexp.Regexp
	if r.PathRegex != "" {
		var err error
		if re, err = regexp.Compile(r.PathRegex); err != nil {
			return nil, fmt.Errorf("invalid pathRegex: %v", err)
		}
	}
	switch {
	case r.Probability < 0 || r.Probability > 1:
		return nil, fmt.Errorf("probability %v must be between 0 and 1 (0 = always)", r.Probability)
	case r.Times < 0:
		return nil, fmt.Errorf("times %d must not be negative (0 = unlimited)", r.Times)
	case r.Status != 0 && (r.Status < 400 || r.Status > 599):
		return nil, fmt.Errorf("status %d must be between 400 and 599", r.Status)
	case r.Latency < 0 || time.Duration(r.Latency) > maxFaultLatency:
		return nil, fmt.Errorf("latency %s must be between 0 and %s", time.Duration(r.Latency), maxFaultLatency)
	case r.RetryAfter < 0:
		return nil, fmt.Errorf("retryAfter %d must not be negative", r.RetryAfter)
	case r.Drop && (r.Status != 0 || r.RetryAfter != 0):
		return nil, errors.New("drop cannot be combined with status or retryAfter")
	case !r.Drop && r.Status == 0 && r.RetryAfter == 0 && r.Latency == 0:
		return nil, errors.New("a fault needs an action: status, retryAfter, latency or drop")
	}
	return re, nil
}

func (fs *faultSet) add(r FaultRule) (FaultRule, error) {
	re, err := validateFault(r)
	if err != nil {
		return FaultRule{}, err
	}
	r.Method = strings.ToUpper(r.Method)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.nextID++
	r.ID, r.Fired = fs.nextID, 0
	fs.rules = append(fs.rules, &faultEntry{rule: r, re: re})
	return r, nil
}

func (fs *faultSet) list() []FaultRule {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]FaultRule, len(fs.rules))
	for i, e := range fs.rules {
		out[i] = e.rule
	}
	return out
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.rules = nil
}

// match returns the first rule that fires for the request, counting it.
func (fs *faultSet) match(method, path string) (FaultRule, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, e := range fs.rules {
		r := &e.rule
		if r.Times > 0 && r.Fired >= r.Times ||
			r.Method != "" && r.Method != method ||
			!strings.HasPrefix(path, r.PathPrefix) ||
			e.re != nil && !e.re.MatchString(path) {
			continue
		}
		if r.Probability > 0 && fs.rng.Float64() >= r.Probability {
			continue
		}
		r.Fired++
		return *r, true
	}
	return FaultRule{}, false
}

// AddFault installs a fault rule and returns it with its id.
func (s *Server) AddFault(r FaultRule) (FaultRule, error) { return s.faults.add(r) }

// Faults lists the installed fault rules with their fired counts.
func (s *Server) Faults() []FaultRule { return s.faults.list() }

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() { s.faults.clear() }

// applyFaults runs the first matching rule; true means the request was
// answered (or dropped) by the fault.
func (s *Server) applyFaults(w *statusRecorder, r *http.Request) bool {
	rule, ok := s.faults.match(r.Method, r.URL.Path)
	if !ok {
		return false
	}
	w.Header().Set(hdrVersion, s.cat.CurrentVersion)
	if rule.Latency > 0 {
		// The answer may come later than the server's write timeout allows
		// (an injected latency is bounded by maxFaultLatency instead).
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Duration(rule.Latency) + time.Minute))
		t := time.NewTimer(time.Duration(rule.Latency))
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			w.status = 499
			return true
		}
	}
	switch {
	case rule.Drop:
		// The entry is logged before the connection closes: a client that
		// sees the drop and then reads the request log finds it there.
		w.status = 0
		w.log.end(w)
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return true
		}
		panic(http.ErrAbortHandler) // net/http closes the connection without an answer
	case rule.RetryAfter > 0 || rule.Status == http.StatusTooManyRequests:
		status := rule.Status
		if status == 0 {
			status = http.StatusTooManyRequests
		}
		w.Header().Set("Retry-After", strconv.Itoa(rule.RetryAfter))
		s.writeError(w, r, clientError(status, "%s", faultMessage(rule, "Too many requests: retry later")))
		return true
	case rule.Status != 0:
		s.writeError(w, r, clientError(rule.Status, "%s", faultMessage(rule, http.StatusText(rule.Status)+" (injected fault)")))
		return true
	}
	return false
}

func faultMessage(r FaultRule, fallback string) string {
	if r.Message != "" {
		return r.Message
	}
	return fallback
}

// RemoveFault removes the fault rule with that id; false when there is none.
func (s *Server) RemoveFault(id int) bool { return s.faults.remove(id) }

func (fs *faultSet) remove(id int) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, e := range fs.rules {
		if e.rule.ID == id {
			fs.rules = append(fs.rules[:i:i], fs.rules[i+1:]...)
			return true
		}
	}
	return false
}
