// Package console is the emulator's web console, served by `mixcoatl
// emulator` under /_emulator/ui/: the account's resources, the jobs and
// every request as pages, and the faults and job modes as forms.
//
// Every page is rendered on the server (html/template) and reads without
// JavaScript; a little script (static/console.js, embedded like the style
// sheet: no CDN, no build step) adds what needs it: the live job timeline
// and request log (server-sent events), sorting a table's page by a column.
//
// Access is the emulator's (emulator.Server mounts the console behind the
// control API's rules: loopback or the control token, cross-site requests
// refused); every state-changing form carries a CSRF token, a random value
// drawn when the console starts, checked on every POST.
//
// The console costs the API nothing while nobody looks: it reads the store
// in its own transactions when a page is asked for, and the event streams
// subscribe to the request log (emulator.Server.WatchRequests) or poll the
// store only while a browser holds them open. Secrets never reach a page:
// items are rendered as the API answers them (no secrets), request details
// are redacted by the emulator, and a customer's secret key is sent only
// in the answer to its Reveal button.
package console

import (
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Prefix is where the console is served.
const Prefix = emulator.ConsolePath

// Console is the web console's http.Handler.
type Console struct {
	srv    *emulator.Server
	cat    *catalog.Catalog
	csrf   string
	pages  map[string]*template.Template
	static http.Handler
}

// New builds the console of srv (emulator.Options.Console).
func New(srv *emulator.Server) (http.Handler, error) {
	var token [16]byte
	_, _ = rand.Read(token[:]) // crypto/rand.Read never fails
	c := &Console{srv: srv, cat: srv.Catalog(), csrf: hex.EncodeToString(token[:]), pages: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(templateFuncs()).ParseFS(assets, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, err
	}
	for _, page := range []string{"overview", "resources", "list", "item", "jobs", "requests", "request", "faults", "keys", "confirm"} {
		t, err := template.Must(base.Clone()).ParseFS(assets, "templates/"+page+".html")
		if err != nil {
			return nil, err
		}
		c.pages[page] = t
	}
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	c.static = http.StripPrefix(Prefix+"static/", http.FileServerFS(sub))
	return c, nil
}

// ServeHTTP routes a console request (the emulator admitted it).
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(Prefix, "/")), "/")
	segs := strings.Split(path, "/")
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			c.fail(w, r, http.StatusBadRequest, "could not read the form: %v", err)
			return
		}
		if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(c.csrf)) != 1 {
			c.fail(w, r, http.StatusForbidden, "refused a form without this console's CSRF token (reload the page and try again)")
			return
		}
		c.post(w, r, segs)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, POST")
		c.fail(w, r, http.StatusMethodNotAllowed, "method %s not allowed", r.Method)
		return
	}
	switch {
	case path == "":
		c.overview(w, r)
	case segs[0] == "static":
		w.Header().Set("Cache-Control", "no-cache")
		c.static.ServeHTTP(w, r)
	case path == "resources":
		c.resourceIndex(w, r)
	case segs[0] == "resources" && len(segs) == 3:
		c.list(w, r, segs[1], segs[2])
	case segs[0] == "resources" && len(segs) == 4:
		c.item(w, r, segs[1], segs[2], segs[3])
	case path == "jobs":
		c.jobs(w, r)
	case path == "jobs/events":
		c.jobEvents(w, r)
	case path == "requests":
		c.requests(w, r)
	case path == "requests/events":
		c.requestEvents(w, r)
	case segs[0] == "requests" && len(segs) == 2:
		c.request(w, r, segs[1])
	case path == "faults":
		c.faults(w, r, "")
	case path == "keys":
		c.keys(w, r, "")
	default:
		c.fail(w, r, http.StatusNotFound, "no console page at %s", r.URL.Path)
	}
}

// post routes the state-changing forms.
func (c *Console) post(w http.ResponseWriter, r *http.Request, segs []string) {
	switch {
	case len(segs) == 2 && segs[0] == "jobs":
		c.forceJob(w, r, segs[1])
	case len(segs) == 1 && segs[0] == "faults":
		c.addFault(w, r)
	case len(segs) == 2 && segs[0] == "faults" && segs[1] == "clear":
		c.srv.ClearFaults()
		c.redirect(w, r, "faults")
	case len(segs) == 3 && segs[0] == "faults" && segs[2] == "delete":
		c.removeFault(w, r, segs[1])
	case len(segs) == 1 && segs[0] == "jobmodes":
		c.setJobMode(w, r)
	case len(segs) == 1 && segs[0] == "reset":
		c.reset(w, r)
	case len(segs) == 2 && segs[0] == "keys" && segs[1] == "reveal":
		c.keys(w, r, r.PostForm.Get("accessKey"))
	default:
		c.fail(w, r, http.StatusNotFound, "no console form at %s", r.URL.Path)
	}
}

// page is what every template receives.
type page struct {
	Title    string
	Nav      string // the active section
	CSRF     string
	Customer int64
	Version  string
	Data     any
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	p := page{Title: title, Nav: name, CSRF: c.csrf, Customer: c.customer(r), Version: c.version(r), Data: data}
	switch name {
	case "list", "item":
		p.Nav = "resources"
	case "request":
		p.Nav = "requests"
	case "confirm":
		p.Nav = "faults"
	}
	var b strings.Builder
	if err := c.pages[name].ExecuteTemplate(&b, "layout.html", p); err != nil {
		c.fail(w, r, http.StatusInternalServerError, "rendering %s: %v", name, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(b.String()))
	}
}

// fail answers an error page.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = c.pages["overview"].ExecuteTemplate(w, "error", map[string]any{"Status": status, "Text": http.StatusText(status), "Message": msg})
}

// redirect answers a form with the page to see next (POST-redirect-GET).
func (c *Console) redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, Prefix+to, http.StatusSeeOther)
}

// customer is the customer a page shows: ?customer=, else the emulator's
// default (the first seeded).
func (c *Console) customer(r *http.Request) int64 {
	v := r.FormValue("customer")
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		return n
	}
	return c.srv.DefaultCustomer()
}

// version is the API version items are shown at: ?v=, else the default.
func (c *Console) version(r *http.Request) string {
	if v := r.FormValue("v"); c.cat.KnownVersion(v) {
		return v
	}
	return c.cat.DefaultVersion
}
