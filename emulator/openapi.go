package emulator

import (
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/internal/openapigen"
	"github.com/mixcoatl/mixcoatl/wire"
)

// isDocumentPath reports whether p is a version's OpenAPI document:
// /api/enstratus/<version>/openapi.json.
func isDocumentPath(p string) bool {
	rest, ok := strings.CutPrefix(p, wire.BasePath+"/")
	_, name, found := strings.Cut(rest, "/")
	return ok && found && name == openapigen.DocumentName
}

// serveDocument answers GET /api/enstratus/<version>/openapi.json, unsigned
// like version discovery: the OpenAPI 3.1 document of the version,
// generated from the emulator's catalogue (for the built-in one, the bytes
// of openapi/<version>.json), made once per version and kept.
func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request) {
	v, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, wire.BasePath+"/"), "/")
	if !s.cat.KnownVersion(v) {
		w.Header().Set(hdrVersion, s.cat.CurrentVersion)
		s.writeError(w, r, clientError(http.StatusNotFound, "unknown API version %q; supported versions: %s",
			v, strings.Join(newestFirst(s.cat.Versions), ", ")))
		return
	}
	w.Header().Set(hdrVersion, v)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.writeError(w, r, methodNotAllowed(w, r.Method, r.URL.Path, []string{http.MethodGet, http.MethodHead}))
		return
	}
	doc, ok := s.docs.Load(v)
	if !ok {
		b, err := openapigen.Document(s.cat, v)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		doc, _ = s.docs.LoadOrStore(v, b)
	}
	writeBody(w, r, http.StatusOK, formatJSON, doc.([]byte))
}
