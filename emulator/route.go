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
// authenticated before it learns whether a resource exists.
func (s *Server) parseVersion(path string) (string, []string, error) {
	rest := strings.TrimPrefix(path, wire.BasePath+"/")
	segs := strings.Split(rest, "/")
	if len(segs) > 1 && segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1] // tolerate one trailing slash
	}
	v := segs[0]
	if !s.cat.KnownVersion(v) {
		return "", nil, clientError(http.StatusNotFound, "unknown API version %q; supported versions: %s",
			v, strings.Join(newestFirst(s.cat.Versions), ", "))
	}
	return v, segs[1:], nil
}

func (s *Server) resolveRoute(version string, segs []string) (apiRoute, error) {
	rt := apiRoute{version: version}
	switch {
	case len(segs) < 2:
		return rt, clientError(http.StatusNotFound, "incomplete path: expected %s/%s/<scope>/<Resource>[/<id>]", wire.BasePath, version)
	case len(segs) > 3:
		return rt, clientError(http.StatusNotFound, "unknown path %q: expected <scope>/<Resource>[/<id>] after the version (sub-resources are not nested)", strings.Join(segs, "/"))
	}
	for _, seg := range segs[:2] {
		if seg == "" {
			return rt, clientError(http.StatusNotFound, "incomplete path: empty segment in %q", strings.Join(segs, "/"))
		}
	}
	res, ok := s.cat.ByPath(segs[0] + "/" + segs[1])
	if !ok {
		return rt, clientError(http.StatusNotFound, "unknown resource %s/%s", segs[0], segs[1])
	}
	rt.res = res
	if len(segs) == 3 {
		if segs[2] == "" {
			return rt, clientError(http.StatusNotFound, "empty id in path %s/", res.Path)
		}
		rt.id, rt.item = segs[2], true
	}
	return rt, nil
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
