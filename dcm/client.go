package dcm

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Option configures a Client.
type Option func(*Client)

// Client is the signed API client. Safe for concurrent use.
type Client struct {
	cfg        Config
	endpoint   Endpoint
	httpClient *http.Client
	transport  http.RoundTripper
	userAgent  string
	debug      io.Writer
	details    Details
	format     Format
	timeouts   Timeouts // resolved: defaults filled in, NoTimeout for none
	optTimeout Timeouts // from WithTimeout and WithTimeouts, over cfg.Timeouts
	now        func() time.Time
	retry      RetryPolicy
	optErrs    []error

	// requestCause and headerCause end a call's context when
	// Timeouts.Request or ResponseHeader run out (nil: no bound); one value
	// serves every call (see call).
	requestCause, headerCause *TimeoutError

	ownTransport bool     // the client built its transport (Timeouts.Connect and TLSHandshake apply)
	dial         dialFunc // connections of the own transport; nil = a net.Dialer (tests replace it)

	// parts of every request URL, computed once
	baseScheme, baseHost, endpointPath string

	signed   handler // the full chain for versioned calls
	unsigned handler // the same chain without signing, for discovery
}

// New builds a client. It performs no I/O and reads no environment. An empty
// cfg.Endpoint means DefaultEndpoint; an invalid endpoint or option is a
// *ConfigError. Missing keys are only reported when a signed request is made,
// so that a key-less client can still call APIVersions.
func New(cfg Config, opts ...Option) (*Client, error) {
	c := &Client{cfg: cfg, details: DetailsBasic, format: FormatJSON, now: time.Now}
	for _, o := range opts {
		o(c)
	}
	if err := errors.Join(c.optErrs...); err != nil {
		return nil, err
	}
	if c.cfg.Endpoint == "" {
		c.cfg.Endpoint, c.cfg.EndpointDefaulted = DefaultEndpoint, true
	}
	ep, err := ParseEndpoint(c.cfg.Endpoint)
	if err != nil {
		return nil, &ConfigError{Source: c.cfg.Source, Msg: "bad endpoint", Err: err}
	}
	if c.cfg.APIVersion != "" && c.cfg.APIVersion != ep.Version {
		return nil, &ConfigError{Source: c.cfg.Source, Msg: fmt.Sprintf(
			"APIVersion %q does not match the endpoint's version %q", c.cfg.APIVersion, ep.Version)}
	}
	c.endpoint = ep
	base, err := url.Parse(ep.BaseURL)
	if err != nil {
		return nil, &ConfigError{Source: c.cfg.Source, Msg: "bad endpoint", Err: err}
	}
	c.baseScheme, c.baseHost, c.endpointPath = base.Scheme, base.Host, ep.Path()
	c.cfg.Endpoint, c.cfg.APIVersion = ep.String(), ep.Version
	if c.userAgent == "" {
		c.userAgent = c.cfg.UserAgent
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	c.cfg.UserAgent = c.userAgent
	c.retry = c.retry.withDefaults()
	c.timeouts = c.cfg.Timeouts.over(c.optTimeout).WithDefaults()
	if d := c.timeouts.Request; d > 0 {
		c.requestCause = &TimeoutError{Phase: PhaseRequest, After: d}
	}
	if d := c.timeouts.ResponseHeader; d > 0 {
		c.headerCause = &TimeoutError{Phase: PhaseResponseHeader, After: d}
	}
	c.cfg.Timeouts = c.timeouts
	c.httpClient = c.buildHTTPClient()
	c.buildChains()
	return c, nil
}

// buildHTTPClient copies the http.Client given (if any) and makes it hand
// every redirect back, so that followRedirects decides; without a
// transport of the caller's it builds its own with the connect and TLS
// bounds.
func (c *Client) buildHTTPClient() *http.Client {
	var hc http.Client
	if c.httpClient != nil {
		hc = *c.httpClient
	}
	if c.transport != nil {
		hc.Transport = c.transport
	}
	if hc.Transport == nil {
		hc.Transport = ownTransport(c.timeouts, c.cfg.InsecureSkipVerify, c.dial)
		c.ownTransport = true
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

// buildChains assembles the transport chain. Per attempt: redirects
// (followed within the origin for reads, see followRedirects) around sign
// → debug trace → send, so that each hop is signed for its own path;
// around that: decode errors → retry, so every retry is signed afresh with
// a new timestamp.
func (c *Client) buildChains() {
	var trace middleware = passThrough
	if c.debug != nil {
		trace = debugTrace(&syncWriter{w: c.debug}, c.cfg.SecretKey)
	}
	sendIt := send(c.httpClient, c.timeouts, c.ownTransport)
	sign := signRequests(c.cfg.AccessKey, c.cfg.SecretKey, c.userAgent, c.now)
	retry := retrying(c.retry, c.now, defaultJitter)
	c.signed = retry(decodeErrors(followRedirects(sign(trace(sendIt)))))
	c.unsigned = retry(decodeErrors(followRedirects(trace(sendIt))))
}

// WithHTTPClient sends requests through h (its Transport, timeouts, jar);
// the client is copied, not modified.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.httpClient = h } }

// WithTransport sends requests through rt (e.g. an in-process emulator).
func WithTransport(rt http.RoundTripper) Option { return func(c *Client) { c.transport = rt } }

// WithUserAgent sets the User-Agent, which is also the signed user agent.
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if strings.ContainsAny(ua, ":\r\n") {
			c.optErrs = append(c.optErrs, &ConfigError{Msg: fmt.Sprintf("user agent %q must not contain ':' or line breaks (it is part of the signature)", ua)})
			return
		}
		c.userAgent = ua
	}
}

// WithDebug writes a trace of every attempt to w, with secret key, signature
// and password-like body fields redacted. Writes are serialised.
func WithDebug(w io.Writer) Option { return func(c *Client) { c.debug = w } }

// WithDetails sets the default x-es-details level (default basic).
func WithDetails(d Details) Option {
	return func(c *Client) {
		n, err := normalizeDetails(d)
		if err != nil {
			c.optErrs = append(c.optErrs, &ConfigError{Msg: "bad details level", Err: err})
			return
		}
		if n != DetailsDefault {
			c.details = n
		}
	}
}

// WithFormat sets the default wire format (default JSON).
func WithFormat(f Format) Option {
	return func(c *Client) {
		n, err := normalizeFormat(f)
		if err != nil {
			c.optErrs = append(c.optErrs, &ConfigError{Msg: "bad format", Err: err})
			return
		}
		if n != "" {
			c.format = n
		}
	}
}

// WithTimeout bounds each Do call, retries and waits included (0 = none):
// it sets Timeouts.Request over the configuration's.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d <= 0 {
			d = NoTimeout
		}
		c.optTimeout.Request = d
	}
}

// WithTimeouts sets the bounds of t that are non-zero over the
// configuration's (see Timeouts; NoTimeout turns one off).
func WithTimeouts(t Timeouts) Option { return func(c *Client) { c.optTimeout = c.optTimeout.over(t) } }

// WithClock sets the clock used for signature timestamps and Retry-After
// dates (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRetry sets the retry policy; zero fields take the defaults.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// Config is the resolved configuration (endpoint normalised, version and
// user agent filled in). Printing it never shows the secret.
func (c *Client) Config() Config { return c.cfg }

// BaseURL is scheme://host[:port] of the endpoint.
func (c *Client) BaseURL() string { return c.endpoint.BaseURL }

// Endpoint is the parsed endpoint.
func (c *Client) Endpoint() Endpoint { return c.endpoint }

func normalizeDetails(d Details) (Details, error) {
	switch n := Details(strings.ToLower(strings.TrimSpace(string(d)))); n {
	case DetailsDefault, DetailsNone, DetailsBasic, DetailsExtended:
		return n, nil
	}
	return "", fmt.Errorf("details %q is not none, basic or extended", string(d))
}

func normalizeFormat(f Format) (Format, error) {
	switch n := Format(strings.ToLower(strings.TrimSpace(string(f)))); n {
	case "", FormatJSON, FormatXML:
		return n, nil
	}
	return "", fmt.Errorf("format %q is not json or xml", string(f))
}

// mediaType is the Accept / Content-Type value of a format.
func (f Format) mediaType() string {
	if f == FormatXML {
		return "application/xml"
	}
	return "application/json"
}

// syncWriter serialises writes from concurrent requests to one debug writer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
