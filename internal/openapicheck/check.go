// Package openapicheck checks requests and answers against the API's OpenAPI
// documents (internal/openapigen) with a real OpenAPI 3.1 validator
// (github.com/pb33f/libopenapi-validator). The conformance tests use it,
// and so does the emulator's opt-in --validate-responses mode: only they
// import it, so the SDK and dcmtest do not link the validator.
//
// XML bodies are read by this package's decoder (xml.go), which follows the
// documents' xml objects; the validator's own XML conversion does not
// resolve element names through references.
package openapicheck

import (
	"bytes"
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
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Checker validates against one document. Safe for concurrent use.
type Checker struct {
	mu sync.Mutex // the validator's caches are safe; its body buffers are not documented so
	v  validator.Validator
}

// New loads a document and prepares its validator.
func New(doc []byte) (*Checker, error) {
	d, err := libopenapi.NewDocumentWithConfiguration(doc, &datamodel.DocumentConfiguration{
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	lazy := &lazyCache{}
	v, errs := validator.NewValidator(d,
		config.WithBodyDecoder("application/xml", xmlDecoder()),
		config.WithBodyDecoder("text/xml", xmlDecoder()),
		config.WithSchemaCache(lazy))
	if len(errs) > 0 {
		return nil, fmt.Errorf("openapi document: %v", errs)
	}
	lazy.armed.Store(true)
	return &Checker{v: v}, nil
}

// Document lists what the validator finds wrong with the document itself
// (checked against the OpenAPI 3.1 schema).
func (c *Checker) Document() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, errs := c.v.ValidateDocument()
	return describe(errs)
}

// Request lists the request's violations of the document. The body is
// read and put back.
func (c *Checker) Request(r *http.Request) []string {
	body, err := readBack(&r.Body)
	if err != nil {
		return []string{"reading the request body: " + err.Error()}
	}
	probe := r.Clone(r.Context())
	probe.Body = io.NopCloser(bytes.NewReader(body))
	c.mu.Lock()
	defer c.mu.Unlock()
	_, errs := c.v.ValidateHttpRequest(probe)
	return describe(errs)
}

// Response lists the answer's violations of the document for request r.
// The answer's body is read and put back.
func (c *Checker) Response(r *http.Request, resp *http.Response) []string {
	body, err := readBack(&resp.Body)
	if err != nil {
		return []string{"reading the answer: " + err.Error()}
	}
	probe := *resp
	probe.Body = io.NopCloser(bytes.NewReader(body))
	req := r.Clone(r.Context())
	req.Body = http.NoBody
	c.mu.Lock()
	defer c.mu.Unlock()
	_, errs := c.v.ValidateHttpResponse(req, &probe)
	return describe(errs)
}

// readBack reads a body and replaces it by a reader of the same bytes.
func readBack(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, err
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
// lazyCacheSize (a compiled answer schema with the records it refers to
// can take megabytes). Validations treat an empty entry as a miss.
type lazyCache struct {
	armed atomic.Bool
	mu    sync.Mutex
	m     map[uint64]*cache.SchemaCacheEntry
	order []uint64 // keys, oldest first
}

// lazyCacheSize bounds the compiled schemas one checker keeps.
const lazyCacheSize = 32

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

// Contract holds a checker per API version of a catalogue, each built on
// first use from the version's generated document.
type Contract struct {
	cat      *catalog.Catalog
	mu       sync.Mutex
	checkers map[string]*Checker
}

// NewContract returns the contract of the catalogue's versions.
func NewContract(cat *catalog.Catalog) *Contract {
	return &Contract{cat: cat, checkers: map[string]*Checker{}}
}

// Version returns the checker of API version v.
func (c *Contract) Version(v string) (*Checker, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.checkers[v]; ok {
		return ch, nil
	}
	doc, err := openapigen.Document(c.cat, v)
	if err != nil {
		return nil, err
	}
	ch, err := New(doc)
	if err != nil {
		return nil, err
	}
	c.checkers[v] = ch
	return ch, nil
}

// VersionOf is the API version in an API URL path, "" for any other path
// (version discovery, a document, the emulator's control API).
func (c *Contract) VersionOf(path string) string {
	rest, ok := strings.CutPrefix(path, wire.BasePath+"/")
	if !ok {
		return ""
	}
	v, tail, _ := strings.Cut(rest, "/")
	if !c.cat.KnownVersion(v) || tail == "" || tail == openapigen.DocumentName {
		return ""
	}
	return v
}
