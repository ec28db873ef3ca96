package emulator

import (
	"net/http"
)

// controlEndpoint describes one endpoint of the control API for GET
// /_emulator/: its method, path (<…> are placeholders), an example body
// (nil: none), and what it does. TestControlIndexIsTrue sends every
// example to its endpoint, and the README's control API section names
// every path.
type controlEndpoint struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Body   any    `json:"body,omitempty"`
	Doc    string `json:"doc"`
}

// controlEndpoints is the control API, in the order of the README.
func controlEndpoints() []controlEndpoint {
	return []controlEndpoint{
		{Method: http.MethodGet, Path: controlPrefix, Doc: "this list"},
		{Method: http.MethodGet, Path: controlPrefix + "health", Doc: "status, current API version and auth mode"},
		{Method: http.MethodPost, Path: controlPrefix + "reset", Doc: "wipe the state and load the seed again (same API keys)"},
		{Method: http.MethodPost, Path: controlPrefix + "seed", Query: "replace=true|false",
			Body: map[string]any{"global": map[string]any{}, "customers": []any{map[string]any{
				"customerId": 10009, "apiKey": map[string]any{"accessKey": "TESTCUSTOMERNINEKEYS", "secretKey": "a-secret-of-your-choice", "userId": -1},
				"resources": map[string]any{"Customer": []any{map[string]any{"customerId": 10009, "businessName": "Test customer"}}}}}},
			Doc: "load a seed document (format: go doc ./emulator/seed) on top of the state, or instead of it with replace=true"},
		{Method: http.MethodGet, Path: controlPrefix + "jobs/mode", Doc: "the job modes set, by scope"},
		{Method: http.MethodPut, Path: controlPrefix + "jobs/mode",
			Body: jobModeRequest{Scope: "Server.launch", Mode: "polls", Polls: 3},
			Doc:  `how jobs progress for a scope ("", "Server" or "Server.launch"): mode immediate, polls (with polls), duration (with duration, e.g. "5s") or fail (with message, and polls or duration); mode "" removes the scope's setting`},
		{Method: http.MethodPost, Path: controlPrefix + "jobs/<jobId>",
			Body: forceJobRequest{Status: "COMPLETE"},
			Doc:  "end a running job now: status COMPLETE (its effect applies) or ERROR (with message); customer 0 or absent is the first customer"},
		{Method: http.MethodPut, Path: controlPrefix + "state/<Resource>/<id>",
			Body: setStatusRequest{Status: "PAUSED"},
			Doc:  "set a resource's status directly (an operation in flight on it ends in ERROR); customer 0 or absent is the first customer"},
		{Method: http.MethodGet, Path: controlPrefix + "faults", Doc: "the fault rules and how often each fired"},
		{Method: http.MethodPost, Path: controlPrefix + "faults",
			Body: FaultRule{Method: http.MethodGet, PathPrefix: "/api/enstratus/2015-05-25/infrastructure/Server", Probability: 0.5, Times: 3, Status: http.StatusServiceUnavailable, Message: "try again"},
			Doc:  "add a fault rule: match on method, pathPrefix, pathRegex, probability and times; act with latency (\"250ms\"), then drop, or retryAfter (seconds, 429), or status with message"},
		{Method: http.MethodDelete, Path: controlPrefix + "faults", Doc: "remove every fault rule"},
		{Method: http.MethodGet, Path: controlPrefix + "requests", Doc: "the request log: the newest API requests (bounded in entries and bytes; long paths and queries cut and marked truncated; secret-looking query values redacted)"},
		{Method: http.MethodDelete, Path: controlPrefix + "requests", Doc: "empty the request log"},
	}
}

// controlIndex answers GET /_emulator/.
func (s *Server) controlIndex(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := requireMethod(w, r, "", http.MethodGet); err != nil {
		return nil, err
	}
	return map[string]any{
		"endpoints": controlEndpoints(),
		"notes": "Writes need Content-Type: application/json. Without --control-token only loopback clients are answered; " +
			"with it, send Authorization: Bearer <token>.",
	}, nil
}
