package dcm

import (
	"bytes"
	"context"
	"fmt"
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
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	hr, err := c.newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	return c.signed(hr)
}

func (c *Client) newHTTPRequest(ctx context.Context, req *Request) (*http.Request, error) {
	if req == nil {
		return nil, fmt.Errorf("dcm: nil request")
	}
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	if strings.ContainsAny(method, " :/\t\r\n") {
		return nil, fmt.Errorf("dcm: invalid method %q", req.Method)
	}
	path, rawQuery, _ := strings.Cut(strings.TrimLeft(strings.TrimSpace(req.Path), "/"), "?")
	if path == "" {
		return nil, fmt.Errorf("dcm: %s request without a path (expected e.g. geography/Cloud)", method)
	}
	if strings.Contains(path, "://") {
		return nil, fmt.Errorf("dcm: path %q must be relative to the endpoint (e.g. geography/Cloud), not a URL", path)
	}
	query := url.Values{}
	if rawQuery != "" {
		parsed, err := url.ParseQuery(rawQuery)
		if err != nil {
			return nil, fmt.Errorf("dcm: bad query in path %q: %w", req.Path, err)
		}
		query = parsed
	}
	for k, vs := range req.Query {
		query[k] = append(query[k], vs...)
	}
	format, err := normalizeFormat(req.Format)
	if err != nil {
		return nil, fmt.Errorf("dcm: %w", err)
	}
	if format == "" {
		format = c.format
	}
	details, err := normalizeDetails(req.Details)
	if err != nil {
		return nil, fmt.Errorf("dcm: %w", err)
	}
	if details == DetailsDefault {
		details = c.details
	}
	u, err := url.Parse(c.endpoint.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("dcm: bad base URL: %w", err)
	}
	u.Path = c.endpoint.Path() + "/" + path
	u.RawQuery = query.Encode()
	ctx = context.WithValue(ctx, relPathKey{}, path)
	var body *bytes.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	var hr *http.Request
	if body != nil {
		hr, err = http.NewRequestWithContext(ctx, method, u.String(), body)
	} else {
		hr, err = http.NewRequestWithContext(ctx, method, u.String(), nil)
	}
	if err != nil {
		return nil, fmt.Errorf("dcm: building %s %s: %w", method, path, err)
	}
	hr.Header.Set("Accept", format.mediaType())
	if req.Body != nil {
		hr.Header.Set("Content-Type", format.mediaType())
	}
	hr.Header.Set(HeaderDetails, string(details))
	hr.Header.Set("User-Agent", c.userAgent)
	return hr, nil
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
