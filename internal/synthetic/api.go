package synthetic

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/wire"
)

// API answers requests about widgets as the enStratus API answers about
// any resource: collection envelopes, pagination, 201 with the created
// object, 202 with a job that a GET of admin/Job reports complete, 204 on
// delete, errors as {"error":{"message"}}. It checks no signature. Every
// request is recorded.
type API struct {
	mu       sync.Mutex
	widgets  []widget
	jobs     map[int64]int64 // job id → the widget it spun
	nextID   int64
	requests []Request
	mux      *http.ServeMux
}

// Request is one request the API saw: its method, its path below the
// versioned endpoint ("platform/Widget/7"), its query and body.
type Request struct {
	Method, Path, Query string
	Body                []byte
}

type widget struct {
	WidgetID int64  `json:"widgetId"`
	Name     string `json:"name"`
	Color    string `json:"color,omitempty"`
	Status   string `json:"status"`
	ShelfID  int64  `json:"shelfId"`
}

// NewAPI returns the API holding three widgets: 7 "gizmo-one" and 8
// "gizmo-two" on shelf 3, 9 "gizmo-three" on shelf 4.
func NewAPI() *API {
	a := &API{
		widgets: []widget{
			{WidgetID: 7, Name: "gizmo-one", Color: "red", Status: "ACTIVE", ShelfID: 3},
			{WidgetID: 8, Name: "gizmo-two", Color: "blue", Status: "ACTIVE", ShelfID: 3},
			{WidgetID: 9, Name: "gizmo-three", Color: "green", Status: "ACTIVE", ShelfID: 4},
		},
		jobs:   map[int64]int64{},
		nextID: 100,
		mux:    http.NewServeMux(),
	}
	const base = wire.BasePath + "/{version}/"
	a.mux.HandleFunc("GET "+base+"platform/Widget", a.list)
	a.mux.HandleFunc("HEAD "+base+"platform/Widget", a.count)
	a.mux.HandleFunc("GET "+base+"platform/Widget/{id}", a.get)
	a.mux.HandleFunc("POST "+base+"platform/Widget", a.create)
	a.mux.HandleFunc("PUT "+base+"platform/Widget/{id}", a.spin)
	a.mux.HandleFunc("DELETE "+base+"platform/Widget/{id}", a.remove)
	a.mux.HandleFunc("GET "+base+"admin/Job/{id}", a.job)
	return a
}

// ServeHTTP records the request and answers it.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(w, http.StatusBadRequest, "unreadable body")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	path := strings.TrimPrefix(r.URL.Path, wire.BasePath+"/")
	if _, below, ok := strings.Cut(path, "/"); ok { // below the version
		path = below
	}
	a.mu.Lock()
	a.requests = append(a.requests, Request{Method: r.Method, Path: path, Query: r.URL.RawQuery, Body: body})
	a.mu.Unlock()
	a.mux.ServeHTTP(w, r)
}

// Requests returns the requests seen so far, oldest first.
func (a *API) Requests() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.requests)
}

// matching returns the widgets of ?shelfId= (all when not given).
func (a *API) matching(r *http.Request) []widget {
	a.mu.Lock()
	defer a.mu.Unlock()
	var match []widget
	for _, wd := range a.widgets {
		if s := r.URL.Query().Get("shelfId"); s == "" || s == strconv.FormatInt(wd.ShelfID, 10) {
			match = append(match, wd)
		}
	}
	return match
}

// count answers HEAD with x-es-count.
func (a *API) count(w http.ResponseWriter, r *http.Request) {
	w.Header().Set(wire.HeaderCount, strconv.Itoa(len(a.matching(r))))
	w.WriteHeader(http.StatusOK)
}

// list serves the matching widgets two to a page.
func (a *API) list(w http.ResponseWriter, r *http.Request) {
	match := a.matching(r)
	page := 1
	if p := r.URL.Query().Get(wire.QueryPage); p != "" {
		page, _ = strconv.Atoi(p)
	}
	from := min(max(page-1, 0)*2, len(match))
	to := min(from+2, len(match))
	if len(match) > 2 {
		w.Header().Set(wire.HeaderPagination, "widgets-1")
		w.Header().Set(wire.HeaderLastPage, strconv.FormatBool(to == len(match)))
	}
	answer(w, http.StatusOK, map[string]any{"widgets": match[from:to]})
}

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	wd, ok := a.find(r.PathValue("id"))
	if !ok {
		fail(w, http.StatusNotFound, "no widget "+r.PathValue("id"))
		return
	}
	answer(w, http.StatusOK, map[string]any{"widgets": []widget{wd}})
}

func (a *API) find(id string) (widget, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, wd := range a.widgets {
		if strconv.FormatInt(wd.WidgetID, 10) == id {
			return wd, true
		}
	}
	return widget{}, false
}

// create takes {"addWidget":[{"name":…,"color"|"colour":…}]}.
func (a *API) create(w http.ResponseWriter, r *http.Request) {
	var body struct {
		AddWidget []struct {
			Name   string `json:"name"`
			Color  string `json:"color"`
			Colour string `json:"colour"`
		} `json:"addWidget"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.AddWidget) != 1 || body.AddWidget[0].Name == "" {
		fail(w, http.StatusBadRequest, "addWidget needs one object with a name")
		return
	}
	in := body.AddWidget[0]
	a.mu.Lock()
	a.nextID++
	wd := widget{WidgetID: a.nextID, Name: in.Name, Color: in.Color + in.Colour, Status: "ACTIVE", ShelfID: 3}
	a.widgets = append(a.widgets, wd)
	a.mu.Unlock()
	answer(w, http.StatusCreated, map[string]any{"widgets": []widget{wd}})
}

// spin takes {"spin":{"turns":n}} and answers with a running job.
func (a *API) spin(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Spin *struct {
			Turns int64 `json:"turns"`
		} `json:"spin"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Spin == nil || body.Spin.Turns <= 0 {
		fail(w, http.StatusBadRequest, "spin needs an object with turns")
		return
	}
	wd, ok := a.find(r.PathValue("id"))
	if !ok {
		fail(w, http.StatusNotFound, "no widget "+r.PathValue("id"))
		return
	}
	a.mu.Lock()
	a.nextID++
	jobID := a.nextID
	a.jobs[jobID] = wd.WidgetID
	a.mu.Unlock()
	answer(w, http.StatusAccepted, map[string]any{"jobs": []map[string]any{{"jobId": jobID, "status": "RUNNING"}}})
}

// job reports a spin's job complete, its message the widget's id.
func (a *API) job(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	a.mu.Lock()
	target, ok := a.jobs[id]
	a.mu.Unlock()
	if !ok {
		fail(w, http.StatusNotFound, "no job "+r.PathValue("id"))
		return
	}
	answer(w, http.StatusOK, map[string]any{"jobs": []map[string]any{
		{"jobId": id, "status": "COMPLETE", "message": strconv.FormatInt(target, 10)}}})
}

func (a *API) remove(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("reason") == "" {
		fail(w, http.StatusBadRequest, "reason is required")
		return
	}
	id := r.PathValue("id")
	a.mu.Lock()
	n := len(a.widgets)
	a.widgets = slices.DeleteFunc(a.widgets, func(wd widget) bool { return strconv.FormatInt(wd.WidgetID, 10) == id })
	gone := len(a.widgets) < n
	a.mu.Unlock()
	if !gone {
		fail(w, http.StatusNotFound, "no widget "+id)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// answer writes v as the JSON body; every v here is encodable.
func answer(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func fail(w http.ResponseWriter, status int, msg string) {
	answer(w, status, map[string]any{"error": map[string]string{"message": msg}})
}
