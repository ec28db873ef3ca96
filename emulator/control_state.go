package emulator

import (
	"net/http"
)

// controlExtra routes the control paths with ids in them.
func (s *Server) controlExtra(w http.ResponseWriter, r *http.Request, path string) (any, error) {
	return nil, clientError(http.StatusNotFound, "unknown control path %s%s", controlPrefix, path)
}
