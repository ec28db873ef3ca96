package sdkwrites_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/cache"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/content"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// The reference: github.com/pb33f/libopenapi-validator, a general OpenAPI
// 3.1 validator, kept for the tests only. internal/openapicheck's own
// checker, which the binary links, must give the same verdict on every
// exchange (agreement_test.go); the differences chosen on purpose are
// listed in deliberateDifferences.
//
// XML bodies reach the reference already read by openapicheck's decoder
// (Checker.Decode): the reference has no reader that follows the
// documents' xml objects, and before the checker was ours the same decoder
// fed it. What is compared for XML is thus the check of the decoded value.

// reference validates against one document with libopenapi-validator.
type reference struct {
	mu   sync.Mutex // the validator's body buffers are not documented as safe
	v    validator.Validator
	ours *openapicheck.Checker // decodes XML bodies for it
}

// decodedKey carries an XML body, decoded by openapicheck, to the
// reference's XML decoder through the request's context.
type decodedKey struct{}

type decoded struct {
	v   any
	err error
}

func newReference(doc []byte, ours *openapicheck.Checker) (*reference, error) {
	d, err := libopenapi.NewDocumentWithConfiguration(doc, &datamodel.DocumentConfiguration{
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	lazy := &lazyCache{}
	xml := content.DecoderFunc(func(in *content.DecodeInput) (any, error) {
		got, ok := in.Context.Value(decodedKey{}).(decoded)
		if !ok {
			return nil, fmt.Errorf("the test gave the reference no decoded XML body")
		}
		return got.v, got.err
	})
	v, errs := validator.NewValidator(d,
		config.WithBodyDecoder("application/xml", xml),
		config.WithBodyDecoder("text/xml", xml),
		config.WithSchemaCache(lazy))
	if len(errs) > 0 {
		return nil, fmt.Errorf("openapi document: %v", errs)
	}
	lazy.armed.Store(true)
	return &reference{v: v, ours: ours}, nil
}

// Request lists the reference's findings on a request; the body is put
// back.
func (ref *reference) Request(r *http.Request) []string {
	body := readBack(&r.Body)
	probe := r.Clone(r.Context())
	probe.Body = io.NopCloser(bytes.NewReader(body))
	ref.mu.Lock()
	defer ref.mu.Unlock()
	_, errs := ref.v.ValidateHttpRequest(probe)
	return describe(errs)
}

// Response lists the reference's findings on an answer to r; the body is
// put back.
func (ref *reference) Response(r *http.Request, resp *http.Response) []string {
	body := readBack(&resp.Body)
	probe := *resp
	probe.Body = io.NopCloser(bytes.NewReader(body))
	v, err := ref.ours.Decode(r, &probe)
	probe.Body = io.NopCloser(bytes.NewReader(body))
	req := r.Clone(context.WithValue(r.Context(), decodedKey{}, decoded{v, err}))
	req.Body = http.NoBody
	ref.mu.Lock()
	defer ref.mu.Unlock()
	_, errs := ref.v.ValidateHttpResponse(req, &probe)
	return describe(errs)
}

// readBack reads the body of a request or answer and puts it back.
func readBack(body *io.ReadCloser) []byte {
	if *body == nil || *body == http.NoBody {
		return nil
	}
	b, _ := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b
}

// describe turns validation errors into lines: the message, the reason
// and each schema failure with where it is.
func describe(errs []*liberrors.ValidationError) []string {
	var out []string
	for _, e := range errs {
		line := e.Message
		if e.Reason != "" && e.Reason != e.Message {
			line += ": " + e.Reason
		}
		for _, f := range e.SchemaValidationErrors {
			line += "; " + f.Reason
			if f.FieldPath != "" {
				line += " at " + f.FieldPath
			}
		}
		out = append(out, line)
	}
	return out
}

// lazyCache is the validator's schema cache, filled on first use and
// bounded. A new validator compiles every schema of its document unless
// the cache says it holds it already: for one of ours that costs seconds
// and hundreds of megabytes, and a check uses few of the schemas. Until
// armed (while the validator is built) the cache says it holds everything;
// armed, it holds the last schemas validations compiled, at most
// lazyCacheSize. Validations treat an empty entry as a miss.
type lazyCache struct {
	armed atomic.Bool
	mu    sync.Mutex
	m     map[uint64]*cache.SchemaCacheEntry
	order []uint64 // keys, oldest first
}

const lazyCacheSize = 64

func (c *lazyCache) Load(key uint64) (*cache.SchemaCacheEntry, bool) {
	if !c.armed.Load() {
		return nil, true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e, ok
}

func (c *lazyCache) Store(key uint64, value *cache.SchemaCacheEntry) {
	if !c.armed.Load() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[uint64]*cache.SchemaCacheEntry{}
	}
	if _, ok := c.m[key]; !ok {
		c.order = append(c.order, key)
	}
	c.m[key] = value
	for len(c.order) > lazyCacheSize {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *lazyCache) Range(f func(key uint64, value *cache.SchemaCacheEntry) bool) {
	c.mu.Lock()
	entries := maps.Clone(c.m)
	c.mu.Unlock()
	for k, v := range entries {
		if !f(k, v) {
			return
		}
	}
}

// judges holds, per API version, our checker and the reference, each
// built once.
type judges struct {
	contract *openapicheck.Contract
	mu       sync.Mutex
	refs     map[string]*reference
}

func newJudges(contract *openapicheck.Contract) *judges {
	return &judges{contract: contract, refs: map[string]*reference{}}
}

// version returns our checker and the reference of API version v.
func (j *judges) version(v string) (*openapicheck.Checker, *reference, error) {
	ours, err := j.contract.Version(v)
	if err != nil {
		return nil, nil, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if ref, ok := j.refs[v]; ok {
		return ours, ref, nil
	}
	doc, err := openapigen.Document(catalog.Load(), v)
	if err != nil {
		return nil, nil, err
	}
	ref, err := newReference(doc, ours)
	if err != nil {
		return nil, nil, err
	}
	j.refs[v] = ref
	return ours, ref, nil
}

// disagreement is an exchange our checker and the reference judge
// differently.
type disagreement struct {
	what      string // "request GET /…" or "answer 200 to GET /…"
	ours, ref []string
}

func (d disagreement) String() string {
	verdict := func(p []string) string {
		if len(p) == 0 {
			return "accepts"
		}
		return "refuses: " + strings.Join(p, " | ")
	}
	return fmt.Sprintf("%s: ours %s; the reference %s", d.what, verdict(d.ours), verdict(d.ref))
}
