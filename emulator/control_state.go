package emulator

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// controlExtra routes the control paths with ids in them:
// POST jobs/<id> and PUT state/<Resource>/<id>.
func (s *Server) controlExtra(w http.ResponseWriter, r *http.Request, path string) (any, error) {
	switch {
	case strings.HasPrefix(path, "jobs/"):
		if err := requireMethod(w, r, "jobs/<id>", http.MethodPost); err != nil {
			return nil, err
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(path, "jobs/"), 10, 64)
		if err != nil || id < 1 {
			return nil, clientError(http.StatusBadRequest, "invalid job id %q in %s%s", strings.TrimPrefix(path, "jobs/"), controlPrefix, path)
		}
		var req forceJobRequest
		if err := s.decodeControlBody(w, r, &req); err != nil {
			return nil, err
		}
		if err := s.ForceJob(r.Context(), req.Customer, id, req.Status, req.Message); err != nil {
			return nil, err
		}
		return map[string]any{"jobId": id, "status": strings.ToUpper(req.Status)}, nil
	case strings.HasPrefix(path, "state/"):
		if err := requireMethod(w, r, "state/<Resource>/<id>", http.MethodPut); err != nil {
			return nil, err
		}
		name, id, ok := strings.Cut(strings.TrimPrefix(path, "state/"), "/")
		if !ok || name == "" || id == "" || strings.Contains(id, "/") {
			return nil, clientError(http.StatusNotFound, "expected %sstate/<Resource>/<id>, got %s%s", controlPrefix, controlPrefix, path)
		}
		var req setStatusRequest
		if err := s.decodeControlBody(w, r, &req); err != nil {
			return nil, err
		}
		if err := s.SetStatus(r.Context(), req.Customer, name, id, req.Status); err != nil {
			return nil, err
		}
		return map[string]any{"resource": name, "id": id, "status": strings.ToUpper(req.Status)}, nil
	}
	return nil, clientError(http.StatusNotFound, "unknown control path %s%s", controlPrefix, path)
}

// forceJobRequest is the body of POST /_emulator/jobs/<id>.
type forceJobRequest struct {
	Status   string `json:"status"`             // COMPLETE or ERROR
	Message  string `json:"message,omitempty"`  // job message (ERROR text, or a COMPLETE result)
	Customer int64  `json:"customer,omitempty"` // 0 = the anonymous (first) customer
}

// setStatusRequest is the body of PUT /_emulator/state/<Resource>/<id>.
type setStatusRequest struct {
	Status   string `json:"status"`
	Customer int64  `json:"customer,omitempty"` // 0 = the anonymous (first) customer
}

func (s *Server) customerOrDefault(c int64) int64 {
	if c == 0 {
		return s.opts.Anonymous.Customer
	}
	return c
}

// ForceJob ends a running job now with COMPLETE (applying its effect) or
// ERROR. customer 0 means the anonymous (first) customer.
func (s *Server) ForceJob(ctx context.Context, customer, jobID int64, status, message string) error {
	c := s.customerOrDefault(customer)
	return s.st.Update(ctx, func(tx store.Tx) error {
		return s.eng.ForceJob(ctx, tx, c, jobID, status, message)
	})
}

// SetStatus sets a resource's status directly, without transition rules.
// customer 0 means the anonymous (first) customer.
func (s *Server) SetStatus(ctx context.Context, customer int64, resource, id, status string) error {
	c := s.customerOrDefault(customer)
	return s.st.Update(ctx, func(tx store.Tx) error {
		return s.eng.SetStatus(ctx, tx, c, resource, id, status)
	})
}

// JobModes returns every configured job mode by scope.
func (s *Server) JobModes(ctx context.Context) (map[string]engine.JobMode, error) {
	var modes map[string]engine.JobMode
	err := s.st.View(ctx, func(tx store.Tx) error {
		var err error
		modes, err = engine.JobModes(ctx, tx)
		return err
	})
	return modes, err
}
