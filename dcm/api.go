// Package dcm is the client core for the enStratus / Dell Cloud Manager API:
// configuration, request signing, the transport chain, typed errors,
// pagination and version discovery. The typed scope packages and the CLI are
// built on it.
//
// Constructors do no I/O and read no environment: LoadConfig is the one
// function that looks at the environment and at files, and the CLI calls it
// explicitly (SaveProfile writes the profile file).
//
// Configuration (LoadConfig): flags > DCM_* > ES_* variables > old JSON
// endpoint file > profile in <UserConfigDir>/mixcoatl/config.json (or an
// old ~/.mixcoatl/<name>.config file). The endpoint always contains the
// version (http[s]://host[/basepath]/api/enstratus/YYYY-MM-DD); a version
// setting only matters when no endpoint is set. Nothing is guessed: an
// unknown key in an endpoint file or the config file is an error naming it
// and the known keys; a config or endpoint file holding secrets that group
// or others can read is refused (an old legacy file only warned about);
// using the built-in default endpoint, when no source names one, is
// announced through LoadOptions.Warn. Config, Profile and every error print
// without the secret key.
//
// Transport (Client.Do, Client.Stream): per attempt, redirects (followed
// only for reads within the endpoint's origin, re-signed; see
// followRedirects) around sign (fresh x-esauth-timestamp and signature,
// spec §3) → debug trace (WithDebug, redacted by position, see
// FormatRequest) → send; around that, decode errors (status >= 400 →
// *APIError) → retry (RetryPolicy: GET/HEAD on network errors, 5xx and
// 429; writes only on 429 or a failed dial; Retry-After honoured; never
// past the context deadline). Every request is bounded by Timeouts
// (connect, TLS handshake, response header, whole request), on by default.
//
// Errors: *APIError (IsNotFound, IsForbidden, … StatusCode), also for an
// answer the call cannot use although its status is not an error
// (IsUnusableAnswer: a redirect not followed, a body that does not match,
// pagination that would not end); *NetworkError (IsNetworkError: no HTTP
// answer, a *TimeoutError inside when a bound ran out); *ConfigError
// (IsConfigError). Anything else is a bad request built by the caller.
package dcm

import (
	"context"
	"io"
	"net/http"
	"net/url"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Version is the mixcoatl version; the default User-Agent is "mixcoatl/" + Version.
const Version = "0.1.0-dev"

// DefaultAPIVersion is the API version used when neither an endpoint nor a
// version is configured.
const DefaultAPIVersion = "2012-06-15"

// DefaultBaseURL is the SaaS host; DefaultEndpoint is the full versioned endpoint.
const (
	DefaultBaseURL  = "https://api.enstratus.com"
	APIBasePath     = wire.BasePath
	DefaultEndpoint = DefaultBaseURL + APIBasePath + "/" + DefaultAPIVersion
)

// Details is the x-es-details level of a request.
type Details string

const (
	DetailsDefault  Details = ""         // the client's default (basic)
	DetailsNone     Details = "none"     // ids only
	DetailsBasic    Details = "basic"    // scalar fields, references by id
	DetailsExtended Details = "extended" // references expanded
)

// Format is a wire format for bodies (Accept and Content-Type).
type Format string

const (
	FormatJSON Format = "json"
	FormatXML  Format = "xml"
)

// Request is one API call. Path is relative to the versioned endpoint, e.g.
// "geography/DataCenter" or "infrastructure/Server/42"; a leading "/" is
// tolerated. Query is never signed (spec §3).
type Request struct {
	Method  string
	Path    string
	Query   url.Values
	Body    []byte  // nil for no body
	Format  Format  // Accept (and Content-Type when Body != nil); "" = client default
	Details Details // "" = client default
}

// Response is a decoded HTTP answer with status < 300 (>= 400 is an
// *APIError, and so is a redirect the client did not follow).
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte // nil for an answer of Client.Stream
	RequestID  string // x-es-request
	Version    string // x-es-version

	stream io.ReadCloser // the open body, for Client.Stream
}

// Job is an asynchronous job as returned in {"jobs":[…]} (spec §7).
type Job struct {
	JobID       int64  `json:"jobId" xml:"jobId,attr"`
	Status      string `json:"status" xml:"status"`
	Description string `json:"description,omitempty" xml:"description,omitempty"`
	StartDate   string `json:"startDate,omitempty" xml:"startDate,omitempty"`
	EndDate     string `json:"endDate,omitempty" xml:"endDate,omitempty"`
	Message     string `json:"message,omitempty" xml:"message,omitempty"`
}

// Versions is the answer of unsigned version discovery at /api/enstratus.
type Versions struct {
	Current   string   // current.versionId
	Supported []string // supported[].versionId, in server order
}

// Doer is the interface every layer above the client core uses, so that
// tests can substitute the in-process emulator's client without mocks.
type Doer interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

var _ Doer = (*Client)(nil)
