package dcm

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Do performs one API call through the transport chain (sign, trace, send,
// decode errors, retry). A status >= 400 is an *APIError, a failure to get
// an answer a *NetworkError; bad requests and missing keys are
// *ConfigError or plain errors naming the problem.
//
// req.Path is relative to the versioned endpoint; a "?query" part in it is
// split off and merged into req.Query (neither is signed).
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	hr, cl, err := c.newHTTPRequest(ctx, req, false)
	if err != nil {
		return nil, err
	}
	defer cl.end()
	return c.signed(hr)
}

// Stream is Do for answers too large to hold in memory: the body of a
// successful answer (status < 300) is not read but returned open, and
// Response.Body is nil. The caller must close body; the request timeout
// (Timeouts.Request) runs until then. Errors, redirects and retries are
// as with Do (an error answer's body is read for its message).
func (c *Client) Stream(ctx context.Context, req *Request) (_ *Response, body io.ReadCloser, _ error) {
	hr, cl, err := c.newHTTPRequest(ctx, req, true)
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.signed(hr)
	if err != nil {
		cl.end()
		return nil, nil, err
	}
	body = resp.stream
	resp.stream = nil
	if body == nil { // a transport that does not stream (never with send)
		body = io.NopCloser(bytes.NewReader(resp.Body))
		resp.Body = nil
	}
	method, path := requestLine(req)
	return resp, &streamBody{ReadCloser: body, ctx: hr.Context(), end: cl.end, method: method, path: path}, nil
}

// streamBody is the open body of Client.Stream: reading it fails with a
// *NetworkError naming the timeout when one ends it, and closing it ends
// the request's context.
type streamBody struct {
	io.ReadCloser
	ctx          context.Context
	end          func()
	method, path string
}

func (b *streamBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF { //nolint:errorlint // io.EOF is returned unwrapped by contract
		if te, ok := causeOf(b.ctx); ok {
			err = te
		}
		err = &NetworkError{Method: b.method, Path: b.path, Err: fmt.Errorf("reading response body: %w", err)}
	}
	return n, err
}

func (b *streamBody) Close() error {
	err := b.ReadCloser.Close()
	b.end()
	return err
}

// newHTTPRequest builds the request of a call (see call; stream: for
// Stream), started on ctx. The caller ends the call.
func (c *Client) newHTTPRequest(ctx context.Context, req *Request, stream bool) (*http.Request, *call, error) {
	if req == nil {
		return nil, nil, fmt.Errorf("dcm: nil request")
	}
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	if strings.ContainsAny(method, " :/\t\r\n") {
		return nil, nil, fmt.Errorf("dcm: invalid method %q", req.Method)
	}
	path, rawQuery, _ := strings.Cut(strings.TrimLeft(strings.TrimSpace(req.Path), "/"), "?")
	if path == "" {
		return nil, nil, fmt.Errorf("dcm: %s request without a path (expected e.g. geography/Cloud)", method)
	}
	if strings.Contains(path, "://") {
		return nil, nil, fmt.Errorf("dcm: path %q must be relative to the endpoint (e.g. geography/Cloud), not a URL", path)
	}
	rawQ, err := mergeQuery(rawQuery, req)
	if err != nil {
		return nil, nil, err
	}
	format, err := normalizeFormat(req.Format)
	if err != nil {
		return nil, nil, fmt.Errorf("dcm: %w", err)
	}
	if format == "" {
		format = c.format
	}
	details, err := normalizeDetails(req.Details)
	if err != nil {
		return nil, nil, fmt.Errorf("dcm: %w", err)
	}
	if details == DetailsDefault {
		details = c.details
	}
	// The URL is built as a value rather than printed and parsed again: the
	// same Path (escaped on the wire by net/http) and query as
	// url.Parse(base + path) would give.
	u := &url.URL{Scheme: c.baseScheme, Host: c.baseHost, Path: c.endpointPath + "/" + path, RawQuery: rawQ}
	ctx, cl := c.startCall(ctx, path, stream)
	var hr *http.Request
	if req.Body != nil {
		hr, err = http.NewRequestWithContext(ctx, method, "", bytes.NewReader(req.Body))
	} else {
		hr, err = http.NewRequestWithContext(ctx, method, "", nil)
	}
	if err != nil {
		cl.end()
		return nil, nil, fmt.Errorf("dcm: building %s %s: %w", method, path, err)
	}
	hr.URL, hr.Host = u, strings.TrimSuffix(u.Host, ":")
	media := format.mediaType()
	vals := make([]string, 4)
	vals[0], vals[1], vals[2], vals[3] = media, string(details), c.userAgent, media
	h := hr.Header
	h[canonAccept] = vals[0:1:1]
	h[canonDetails] = vals[1:2:2]
	h[canonUserAgent] = vals[2:3:3]
	if req.Body != nil {
		h[canonCType] = vals[3:4:4]
	}
	return hr, cl, nil
}

// mergeQuery is the encoded query of a request: a "?query" part of its path
// merged with req.Query (values of the path first).
func mergeQuery(rawQuery string, req *Request) (string, error) {
	if rawQuery == "" {
		return req.Query.Encode(), nil
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fmt.Errorf("dcm: bad query in path %q: %w", req.Path, err)
	}
	for k, vs := range req.Query {
		query[k] = append(query[k], vs...)
	}
	return query.Encode(), nil
}

// Get is Do with GET.
func (c *Client) Get(ctx context.Context, path string, q url.Values) (*Response, error) {
	return c.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: q})
}

// Head is Do with HEAD.
func (c *Client) Head(ctx context.Context, path string, q url.Values) (*Response, error) {
	return c.Do(ctx, &Request{Method: http.MethodHead, Path: path, Query: q})
}

// Post is Do with POST and a body in the client's default format.
func (c *Client) Post(ctx context.Context, path string, body []byte) (*Response, error) {
	return c.Do(ctx, &Request{Method: http.MethodPost, Path: path, Body: body})
}

// Put is Do with PUT and a body in the client's default format.
func (c *Client) Put(ctx context.Context, path string, body []byte) (*Response, error) {
	return c.Do(ctx, &Request{Method: http.MethodPut, Path: path, Body: body})
}

// Delete is Do with DELETE (q carries e.g. reason=…).
func (c *Client) Delete(ctx context.Context, path string, q url.Values) (*Response, error) {
	return c.Do(ctx, &Request{Method: http.MethodDelete, Path: path, Query: q})
}
