package dcm

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Timeouts bound the phases of every request, so that a server that
// accepts a connection and never answers cannot hang a call. A zero field
// takes its default; NoTimeout turns that bound off.
//
// Connect and TLSHandshake apply to the transport the client builds itself
// (not to one given with WithTransport or WithHTTPClient). ResponseHeader
// runs from the start of each attempt until the answer's headers arrive,
// whatever the transport. Request bounds a whole call (Do, or Stream until
// its body is closed), retries and their waits included. A bound that runs
// out ends the call with a *NetworkError holding a *TimeoutError; it is not
// retried (see call).
type Timeouts struct {
	Connect        time.Duration // TCP connect (connect_timeout, DCM_CONNECT_TIMEOUT)
	TLSHandshake   time.Duration // TLS handshake (tls_handshake_timeout, DCM_TLS_HANDSHAKE_TIMEOUT)
	ResponseHeader time.Duration // until the response headers (response_header_timeout, DCM_RESPONSE_HEADER_TIMEOUT)
	Request        time.Duration // the whole call (timeout, DCM_TIMEOUT)
}

// NoTimeout as a Timeouts field turns that bound off ("0" in a setting).
const NoTimeout time.Duration = -1

// Defaults of a zero Timeouts field. The response-header default is the
// longest a healthy API took to start answering; the request default
// leaves room for four attempts of it.
const (
	DefaultConnectTimeout        = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultRequestTimeout        = 5 * time.Minute
)

// The phases a TimeoutError names.
const (
	PhaseConnect        = "connect"
	PhaseTLSHandshake   = "TLS handshake"
	PhaseResponseHeader = "response header"
	PhaseRequest        = "request"
)

// timeoutSetting is the settings key and variable of a phase, for
// messages that say how to change it.
func timeoutSetting(phase string) (key, variable string) {
	for _, f := range new(Timeouts).fields() {
		if f.phase == phase {
			return f.key, "DCM_" + strings.ToUpper(f.key)
		}
	}
	return "", ""
}

// timeoutField is one bound of Timeouts with its settings key (profiles,
// endpoint files; the variables are DCM_ or ES_ and the key in upper case).
type timeoutField struct {
	phase, key string
	d          *time.Duration
}

func (t *Timeouts) fields() []timeoutField {
	return []timeoutField{
		{PhaseConnect, "connect_timeout", &t.Connect},
		{PhaseTLSHandshake, "tls_handshake_timeout", &t.TLSHandshake},
		{PhaseResponseHeader, "response_header_timeout", &t.ResponseHeader},
		{PhaseRequest, "timeout", &t.Request},
	}
}

// fieldByKey is the bound of t with that settings key.
func (t *Timeouts) fieldByKey(key string) *time.Duration {
	for _, f := range t.fields() {
		if f.key == key {
			return f.d
		}
	}
	return new(time.Duration)
}

// TimeoutSettings are the timeout keys of profiles and endpoint files, as
// ParseTimeout reads them: "30s", "2m", a number of seconds, or "0" for no
// bound. An empty one is not set there.
type TimeoutSettings struct {
	Timeout               string `json:"timeout,omitempty"`
	ConnectTimeout        string `json:"connect_timeout,omitempty"`
	TLSHandshakeTimeout   string `json:"tls_handshake_timeout,omitempty"`
	ResponseHeaderTimeout string `json:"response_header_timeout,omitempty"`
}

func (s TimeoutSettings) lookup(key string) string {
	return map[string]string{
		"timeout": s.Timeout, "connect_timeout": s.ConnectTimeout,
		"tls_handshake_timeout": s.TLSHandshakeTimeout, "response_header_timeout": s.ResponseHeaderTimeout,
	}[key]
}

// parseTimeouts reads the bounds through lookup (by settings key); name
// says where a key came from, for the *ConfigError of a bad value.
func parseTimeouts(lookup, name func(key string) string) (Timeouts, error) {
	var t Timeouts
	for _, f := range t.fields() {
		v := strings.TrimSpace(lookup(f.key))
		if v == "" {
			continue
		}
		d, err := ParseTimeout(v)
		if err != nil {
			return Timeouts{}, &ConfigError{Source: name(f.key), Msg: "invalid timeout", Err: err}
		}
		*f.d = d
	}
	return t, nil
}

// WithDefaults is t with its zero fields set to the defaults, as a client
// resolves it.
func (t Timeouts) WithDefaults() Timeouts {
	pick := func(d, def time.Duration) time.Duration {
		if d == 0 {
			return def
		}
		return d
	}
	return Timeouts{
		Connect:        pick(t.Connect, DefaultConnectTimeout),
		TLSHandshake:   pick(t.TLSHandshake, DefaultTLSHandshakeTimeout),
		ResponseHeader: pick(t.ResponseHeader, DefaultResponseHeaderTimeout),
		Request:        pick(t.Request, DefaultRequestTimeout),
	}
}

// over is t with the fields o sets (non-zero) replaced.
func (t Timeouts) over(o Timeouts) Timeouts {
	pick := func(a, b time.Duration) time.Duration {
		if b != 0 {
			return b
		}
		return a
	}
	return Timeouts{
		Connect:        pick(t.Connect, o.Connect),
		TLSHandshake:   pick(t.TLSHandshake, o.TLSHandshake),
		ResponseHeader: pick(t.ResponseHeader, o.ResponseHeader),
		Request:        pick(t.Request, o.Request),
	}
}

// String lists the bounds, "none" for one turned off.
func (t Timeouts) String() string {
	show := func(d time.Duration) string {
		switch {
		case d < 0:
			return "none"
		case d == 0:
			return "default"
		}
		return d.String()
	}
	return fmt.Sprintf("connect %s, TLS handshake %s, response header %s, request %s",
		show(t.Connect), show(t.TLSHandshake), show(t.ResponseHeader), show(t.Request))
}

// limit is d as a positive bound, or 0 for none.
func limit(d time.Duration) time.Duration { return max(d, 0) }

// ParseTimeout reads a timeout setting: a Go duration ("30s", "2m"), a
// number of seconds ("45"), or "0", "none" or "off" for no bound (returned
// as NoTimeout). Negative values are refused.
func ParseTimeout(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "0", "none", "off":
		return NoTimeout, nil
	}
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration (e.g. 30s, 2m; 0 for none)", s)
	case d < 0:
		return 0, fmt.Errorf("%q is negative", s)
	case d == 0:
		return NoTimeout, nil
	}
	return d, nil
}

// TimeoutError is a bound of Timeouts that ran out. It is the Err of the
// *NetworkError a call returns, so the CLI exits 5 for it.
type TimeoutError struct {
	Phase string        // PhaseConnect, PhaseTLSHandshake, PhaseResponseHeader or PhaseRequest
	After time.Duration // the bound
}

func (e *TimeoutError) Error() string {
	what := map[string]string{
		PhaseConnect:        "could not connect within %s",
		PhaseTLSHandshake:   "the TLS handshake did not finish within %s",
		PhaseResponseHeader: "no response headers within %s",
		PhaseRequest:        "the request did not finish within %s",
	}[e.Phase]
	if what == "" {
		what = e.Phase + " took longer than %s"
	}
	msg := fmt.Sprintf(what, e.After) + " (" + e.Phase + " timeout"
	if key, variable := timeoutSetting(e.Phase); key != "" {
		msg += "; change it with " + variable + " or " + key
	}
	return msg + ")"
}

// Timeout reports true, as net.Error timeouts do.
func (e *TimeoutError) Timeout() bool { return true }

// Unwrap makes every bound a context.DeadlineExceeded for errors.Is.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// causeOf is the *TimeoutError that ended ctx, if one did.
func causeOf(ctx context.Context) (*TimeoutError, bool) {
	if ctx.Err() == nil {
		return nil, false
	}
	return errors.AsType[*TimeoutError](context.Cause(ctx))
}

// timeoutOf names the bound behind err when err is a time-out of this
// client's own: a cause set on the request's context (response header,
// request), a *TimeoutError in err (connect, from boundDial) or the
// transport's handshake bound (TLS). Otherwise it returns nil.
func timeoutOf(ctx context.Context, err error, t Timeouts, ownTransport bool) *TimeoutError {
	if te, ok := causeOf(ctx); ok {
		return te
	}
	if te, ok := errors.AsType[*TimeoutError](err); ok {
		return te
	}
	if !ownTransport {
		return nil
	}
	// net/http reports its TLSHandshakeTimeout with an unexported error
	// type; its text has been the same since Go 1.3.
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() && t.TLSHandshake > 0 &&
		strings.Contains(err.Error(), "TLS handshake timeout") {
		return &TimeoutError{Phase: PhaseTLSHandshake, After: t.TLSHandshake}
	}
	return nil
}

// ownTransport is the transport the client builds when none is given: the
// default transport's settings with the connect and TLS bounds, and
// certificate checks off when ssl_verify is false. dial makes the
// connections (nil: a net.Dialer).
func ownTransport(t Timeouts, insecure bool, dial dialFunc) *http.Transport {
	if dial == nil {
		dial = (&net.Dialer{KeepAlive: 30 * time.Second}).DialContext
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = boundDial(dial, limit(t.Connect))
	tr.TLSHandshakeTimeout = limit(t.TLSHandshake)
	if insecure {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user turned ssl_verify off
	}
	return tr
}

type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// boundDial gives every dial d to connect, failing with a *TimeoutError
// when that runs out (d = 0: no bound).
func boundDial(dial dialFunc, d time.Duration) dialFunc {
	if d <= 0 {
		return dial
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		ctx, cancel := context.WithTimeoutCause(ctx, d, &TimeoutError{Phase: PhaseConnect, After: d})
		defer cancel()
		conn, err := dial(ctx, network, addr)
		if te, ok := causeOf(ctx); ok && err != nil {
			return nil, te
		}
		return conn, err
	}
}
