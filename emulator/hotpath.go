package emulator

import (
	"net/http"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
)

// hotPath is what the commonest answer, a GET by id, needs that does not
// change while the server runs, built once in New so that no request
// builds it again: the resources by the catalogue's spelling of their
// paths (resolveRoute), and the opening of each collection's envelope
// (writeItem). Nothing here is modified after New.
type hotPath struct {
	paths    map[string]*catalog.Resource
	openings map[string][]byte // `{"<collection>":[` by collection
	closing  []byte            // `]}`
}

func newHotPath(cat *catalog.Catalog) hotPath {
	h := hotPath{paths: map[string]*catalog.Resource{}, openings: map[string][]byte{}, closing: []byte("]}")}
	for _, res := range cat.Resources {
		h.paths[res.Path] = res
		if res.Collection != "" {
			h.openings[res.Collection] = envelopeOpening(res.Collection)
		}
	}
	return h
}

// envelopeOpening is `{"<outer>":[`.
func envelopeOpening(outer string) []byte {
	return append(codec.AppendString([]byte{'{'}, outer), ':', '[')
}

// writeItem writes {"<outer>":[item]}: what writeResult writes for a
// bodyRaw result of one item, with the envelope's parts prebuilt.
func (s *Server) writeItem(w http.ResponseWriter, r *http.Request, outer string, item []byte) {
	opening, ok := s.hot.openings[outer]
	if !ok {
		opening = envelopeOpening(outer)
	}
	writeParts(w, r, http.StatusOK, formatJSON, opening, item, s.hot.closing)
}

// headerValues is storage for the one-element value slices of the headers
// every API answer sets (request id, version, content type and length),
// kept in the request's statusRecorder, which is allocated anyway: one
// allocation fewer per header than http.Header.Set's []string{value}.
type headerValues struct {
	vals [4]string
	n    int
}

// setHeader sets the header key, in canonical form, to value, as
// http.Header.Set does. The value's slice has no room to grow, so an Add
// to the header copies it instead of writing into the storage.
func setHeader(w http.ResponseWriter, key, value string) {
	if rec, ok := w.(*statusRecorder); ok && rec.hdr.n < len(rec.hdr.vals) {
		i := rec.hdr.n
		rec.hdr.n++
		rec.hdr.vals[i] = value
		w.Header()[key] = rec.hdr.vals[i : i+1 : i+1]
		return
	}
	w.Header()[key] = []string{value}
}
