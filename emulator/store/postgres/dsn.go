package postgres

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// IsURL reports whether s is a postgres:// or postgresql:// URL,
// which the emulator's --data flag takes as a Postgres store (anything
// else is a SQLite file path).
func IsURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	return ok && (strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"))
}

// kvPassword finds the password of a key=value DSN ("host=h password=pw"),
// quoted or not. It is compiled on first use, not at package init: every
// mixcoatl command links this package.
var kvPassword = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)
})

// RedactDSN returns dsn safe to show: the password of a URL's user info,
// a password query parameter, or a key=value password is replaced by
// xxxxx. A URL that does not parse is not shown beyond its scheme, since
// where its password ends cannot be known.
func RedactDSN(dsn string) string {
	if !IsURL(dsn) {
		return kvPassword().ReplaceAllString(dsn, "${1}"+sqlstore.RedactedPassword)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		scheme, _, _ := strings.Cut(dsn, "://")
		return scheme + "://(invalid URL, not shown)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), sqlstore.RedactedPassword)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", sqlstore.RedactedPassword)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// dsnSecrets returns the password of dsn in every spelling a message might
// quote (as written and decoded), found even when the URL does not parse.
func dsnSecrets(dsn string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
			if d, err := url.PathUnescape(s); err == nil && d != s {
				out = append(out, d)
			}
		}
	}
	if !IsURL(dsn) {
		for _, m := range kvPassword().FindAllStringSubmatch(dsn, -1) {
			add(strings.Trim(m[2], "'"))
		}
		return out
	}
	_, rest, _ := strings.Cut(dsn, "://")
	// User info ends at the last '@' (a password may hold an unescaped one
	// in a malformed URL; over-redacting is harmless), the password at the
	// first ':' in it.
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
			add(pw)
		}
	}
	if _, query, ok := strings.Cut(rest, "?"); ok {
		for part := range strings.SplitSeq(query, "&") {
			if name, value, _ := strings.Cut(part, "="); name == "password" {
				add(value)
				if d, err := url.QueryUnescape(value); err == nil {
					add(d)
				}
			}
		}
	}
	return out
}

// dsnHasParam reports whether dsn sets the parameter name (as a URL query
// parameter or a key=value pair).
func dsnHasParam(dsn, name string) bool {
	if IsURL(dsn) {
		u, err := url.Parse(dsn)
		return err == nil && u.Query().Has(name)
	}
	for field := range strings.FieldsSeq(dsn) {
		if key, _, ok := strings.Cut(field, "="); ok && key == name {
			return true
		}
	}
	return false
}
