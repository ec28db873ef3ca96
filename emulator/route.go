package emulator

import (
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// apiRoute is a parsed /api/enstratus/<version>/<scope>/<Resource>[/<id>].
type apiRoute struct {
	version string
	res     *catalog.Resource
	id      string
	item    bool // an id segment is present
}

// parseVersion splits off and checks the version segment; the rest of the
// route is resolved separately so that, as on the old server, a request is
// authenticated before it learns whether a resource exists. One trailing
// slash is tolerated.
func (s *Server) parseVersion(path string) (string, pathSegs, error) {
	rest := strings.TrimSuffix(strings.TrimPrefix(path, wire.BasePath+"/"), "/")
	v, after, more := strings.Cut(rest, "/")
	if !s.cat.KnownVersion(v) {
		return "", pathSegs{}, clientError(http.StatusNotFound, "unknown API version %q; supported versions: %s",
			v, strings.Join(newestFirst(s.cat.Versions), ", "))
	}
	if !more {
		return v, pathSegs{}, nil
	}
	return v, splitSegs(after), nil
}

// pathSegs are the segments of a path after the version, split without
// allocating: a route has at most three, so only three are kept and the
// rest counted; text is them all as sent, for messages.
type pathSegs struct {
	seg  [3]string
	n    int
	text string
}

func splitSegs(text string) pathSegs {
	p := pathSegs{text: text}
	for rest, more := text, true; more; p.n++ {
		var seg string
		seg, rest, more = strings.Cut(rest, "/")
		if p.n < len(p.seg) {
			p.seg[p.n] = seg
		}
	}
	return p
}

func (s *Server) resolveRoute(version string, segs pathSegs) (apiRoute, error) {
	rt := apiRoute{version: version}
	switch {
	case segs.n < 2:
		return rt, clientError(http.StatusNotFound, "incomplete path: expected %s/%s/<scope>/<Resource>[/<id>]", wire.BasePath, version)
	case segs.n > 3:
		return rt, clientError(http.StatusNotFound, "unknown path %q: expected <scope>/<Resource>[/<id>] after the version (sub-resources are not nested)", segs.text)
	}
	for _, seg := range segs.seg[:2] {
		if seg == "" {
			return rt, clientError(http.StatusNotFound, "incomplete path: empty segment in %q", segs.text)
		}
	}
	res, ok := s.resource(segs.text[:len(segs.seg[0])+1+len(segs.seg[1])])
	if !ok {
		return rt, clientError(http.StatusNotFound, "unknown resource %s/%s", segs.seg[0], segs.seg[1])
	}
	rt.res = res
	if segs.n == 3 {
		if segs.seg[2] == "" {
			return rt, clientError(http.StatusNotFound, "empty id in path %s/", res.Path)
		}
		rt.id, rt.item = segs.seg[2], true
	}
	return rt, nil
}

// resource is the resource at path ("scope/Resource"), matched without
// regard to case as the catalogue matches it; the catalogue's own
// spelling is found without the lower-casing copy ByPath makes.
func (s *Server) resource(path string) (*catalog.Resource, bool) {
	if res, ok := s.hot.paths[path]; ok {
		return res, true
	}
	return s.cat.ByPath(path)
}

// readKind is what a GET or HEAD at the route reads: an item (or a flat
// resource's one object), the count of a collection, or its list.
func (rt apiRoute) readKind(method string) catalog.Kind {
	switch {
	case rt.res.Flat || rt.item:
		return catalog.KindGet
	case method == http.MethodHead:
		return catalog.KindHead
	}
	return catalog.KindList
}

// allowed lists the methods the resource answers at a collection or item URL.
func allowed(res *catalog.Resource, item bool) []string {
	var out []string
	add := func(ok bool, m ...string) {
		if ok {
			out = append(out, m...)
		}
	}
	switch {
	case res.Flat:
		add(!item && res.Has(catalog.KindGet), http.MethodGet, http.MethodHead)
	case res.KeyInPath && !item:
	case item:
		add(res.Has(catalog.KindGet), http.MethodGet, http.MethodHead)
		add(res.Has(catalog.KindUpdate) || res.Has(catalog.KindAction), http.MethodPut)
		add(res.Has(catalog.KindDelete), http.MethodDelete)
	default:
		add(res.Has(catalog.KindList), http.MethodGet)
		add(res.Has(catalog.KindHead), http.MethodHead)
		add(res.Has(catalog.KindCreate), http.MethodPost)
	}
	return out
}

func newestFirst(versions []string) []string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[len(versions)-1-i] = v
	}
	return out
}
