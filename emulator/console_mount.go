package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"html"
	"net/http"
	"strings"
)

// consolePrefix is where the web console (Options.Console) is served. Its
// pages follow the control API's access rules (controlAllowed, crossSite)
// with two differences a browser needs: with a control token, the token is
// given once in a login form and then carried by an HttpOnly, SameSite
// Strict cookie holding a keyed digest of it (never the token itself); and
// its writes are HTML forms, which crossSite lets through for the console
// to check its CSRF token on each. Console requests are not API requests:
// they are neither in the request log nor subject to faults.
const consolePrefix = controlPrefix + "ui/"

// consoleCookie names the session cookie of a token-protected console.
const consoleCookie = "mixcoatl_console"

// serveConsole admits a console request and hands it to the console.
func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := s.crossSite(r, bodyConsole); err != nil {
		s.writeError(w, r, err)
		return
	}
	if r.URL.Path == consolePrefix+"login" && s.opts.ControlToken != "" {
		s.consoleLogin(w, r)
		return
	}
	if err := s.consoleAllowed(r); err != nil {
		if s.opts.ControlToken != "" && r.Method == http.MethodGet {
			writeLoginPage(w, http.StatusUnauthorized, "")
			return
		}
		s.writeError(w, r, err)
		return
	}
	s.console.ServeHTTP(w, r)
}

// consoleAllowed is controlAllowed, with the session cookie standing in
// for the Authorization header.
func (s *Server) consoleAllowed(r *http.Request) error {
	if s.opts.ControlToken != "" {
		if c, err := r.Cookie(consoleCookie); err == nil &&
			subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.consoleSession())) == 1 {
			return nil
		}
	}
	return s.controlAllowed(r)
}

// consoleSession is the cookie value of a logged-in console: a digest
// keyed by the token, so the cookie never holds the token.
func (s *Server) consoleSession() string {
	m := hmac.New(sha256.New, []byte(s.opts.ControlToken))
	m.Write([]byte("mixcoatl web console session"))
	return hex.EncodeToString(m.Sum(nil))
}

// consoleLogin takes the control token from a form and sets the session.
func (s *Server) consoleLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeLoginPage(w, http.StatusOK, "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4096)
	token := r.PostFormValue("token")
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.ControlToken)) != 1 {
		writeLoginPage(w, http.StatusForbidden, "That is not the control token.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: consoleCookie, Value: s.consoleSession(), Path: consolePrefix,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, consolePrefix, http.StatusSeeOther)
}

// writeLoginPage is the one page served before the console: a form for the
// control token (mixcoatl emulator --control-token).
func writeLoginPage(w http.ResponseWriter, status int, problem string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mixcoatl emulator: sign in</title></head><body><main>`)
	b.WriteString(`<h1>mixcoatl emulator console</h1><p>This emulator was started with a control token; enter it to use the console.</p>`)
	if problem != "" {
		b.WriteString(`<p role="alert"><strong>` + html.EscapeString(problem) + `</strong></p>`)
	}
	b.WriteString(`<form method="post" action="` + consolePrefix + `login"><label>Control token <input type="password" name="token" autocomplete="current-password" required autofocus></label> <button>Sign in</button></form></main></body></html>`)
	_, _ = w.Write([]byte(b.String()))
}

// DefaultCustomer is the customer unsigned requests act as (auth off),
// the seed's first: the one the console shows first.
func (s *Server) DefaultCustomer() int64 { return s.opts.Anonymous.Customer }

// ConsolePath is where the web console is served.
const ConsolePath = consolePrefix
