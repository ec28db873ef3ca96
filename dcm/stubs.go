package dcm

// This file holds the agreed exported API of the client core with stub bodies.
// The implementation replaces it piece by piece (keep the signatures; add
// freely). Delete this file once every function lives in its real home.

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
	"time"
)

var errStub = errors.New("dcm: not implemented yet")

// Config is a resolved client configuration. Its String/GoString/Format never
// show SecretKey.
type Config struct {
	AccessKey  string
	SecretKey  string
	Endpoint   string // full versioned endpoint, e.g. http://127.0.0.1:15000/api/enstratus/2012-06-15
	APIVersion string // the version segment of Endpoint
	SSLVerify  bool   // false = skip TLS verification
	UserAgent  string // "" = "mixcoatl/" + Version
	Source     string // where it came from (env, file path, profile name), for messages
}

// LoadOptions says where LoadConfig looks. Zero value = environment + default profile.
type LoadOptions struct {
	Getenv       func(string) string // nil = os.Getenv
	ConfigDir    string              // "" = os.UserConfigDir()/mixcoatl
	Profile      string              // profile name in the config file; "" = $DCM_PROFILE or "default"
	EndpointFile string              // old-style JSON endpoint file (object or list)
	Nickname     string              // entry of EndpointFile to use when it is a list
	Endpoint     string              // explicit override (flag), must contain the version
	APIVersion   string              // explicit version (flag); only used when no endpoint is set
}

// LoadConfig resolves a Config from flags, environment (DCM_* over ES_*),
// endpoint files and the profile file, in that order of precedence.
func LoadConfig(opts LoadOptions) (Config, error) { return Config{}, errStub }

// Profile is one named entry of the config file.
type Profile struct {
	Name       string `json:"-"`
	AccessKey  string `json:"access_key"`
	SecretKey  string `json:"secret_key"`
	Endpoint   string `json:"endpoint"`
	APIVersion string `json:"api_version,omitempty"`
	SSLVerify  *bool  `json:"ssl_verify,omitempty"`
}

// SaveProfile writes (creating or replacing) one profile in the config file, mode 0600.
func SaveProfile(configDir string, p Profile) error { return errStub }

// Option configures a Client.
type Option func(*Client)

// Client is the signed API client. Safe for concurrent use.
type Client struct {
	cfg Config
}

// New builds a client. It performs no I/O.
func New(cfg Config, opts ...Option) (*Client, error) { return &Client{cfg: cfg}, nil }

func WithHTTPClient(h *http.Client) Option                                { return func(*Client) {} }
func WithTransport(rt http.RoundTripper) Option                           { return func(*Client) {} }
func WithUserAgent(ua string) Option                                      { return func(*Client) {} }
func WithDebug(w io.Writer) Option                                        { return func(*Client) {} } // redacted trace
func WithDetails(d Details) Option                                        { return func(*Client) {} }
func WithFormat(f Format) Option                                          { return func(*Client) {} }
func WithTimeout(d time.Duration) Option                                  { return func(*Client) {} } // per request
func WithClock(now func() time.Time) Option                               { return func(*Client) {} }
func WithRetry(p RetryPolicy) Option                                      { return func(*Client) {} }
func (c *Client) Config() Config                                          { return c.cfg }
func (c *Client) BaseURL() string                                         { return "" } // scheme://host[:port]
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) { return nil, errStub }

// RetryPolicy bounds retries; zero value = defaults (4 attempts, 200ms base, 10s cap).
type RetryPolicy struct {
	MaxAttempts int
	BaseDelay   time.Duration
	MaxDelay    time.Duration
}

// Get, Head etc. are conveniences over Do.
func (c *Client) Get(ctx context.Context, path string, q url.Values) (*Response, error) {
	return nil, errStub
}

// Pages follows x-es-pagination / x-es-last-page, yielding each page's response.
func (c *Client) Pages(ctx context.Context, req *Request) iter.Seq2[*Response, error] {
	return func(func(*Response, error) bool) {}
}

// Count issues HEAD and returns x-es-count.
func (c *Client) Count(ctx context.Context, path string, q url.Values) (int, error) {
	return 0, errStub
}

// APIVersions performs unsigned discovery at <base>/api/enstratus.
func (c *Client) APIVersions(ctx context.Context) (Versions, error) { return Versions{}, errStub }

// APIError is any response with status >= 400.
type APIError struct {
	StatusCode int
	Message    string // error.message, or the raw body when not the envelope
	RequestID  string
	Method     string
	Path       string
}

func (e *APIError) Error() string { return "" }

func IsNotFound(err error) bool    { return false }
func IsForbidden(err error) bool   { return false }
func IsBadRequest(err error) bool  { return false }
func IsConflict(err error) bool    { return false }
func IsRateLimited(err error) bool { return false }
func StatusCode(err error) int     { return 0 }

// DecodeJobs reads {"jobs":[…]} (JSON or XML) from a 202 body.
func DecodeJobs(body []byte, f Format) ([]Job, error) { return nil, errStub }
