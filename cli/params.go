package cli

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/pydict"
)

// target is a parsed PATH [PARAMS…] command line.
type target struct {
	path    string     // relative to the endpoint, no leading "/", no query
	query   url.Values // inline ?query, key=value pairs and dict arguments, merged
	details dcm.Details
}

// parseTarget reads PATH (optionally with an inline ?k=v&k2=v2 query, as
// dcm-get accepted) and the parameter arguments: key=value pairs, the old
// tools' Python dict literal "{'regionId':19344}", and es-dump.py's trailing
// detail word (none, basic or extended).
func parseTarget(rawPath string, args []string) (target, error) {
	t := target{query: url.Values{}}
	path, inline, hasQuery := strings.Cut(strings.TrimSpace(rawPath), "?")
	if err := checkPath(path); err != nil {
		return target{}, err
	}
	t.path = strings.Trim(path, "/")
	if hasQuery {
		q, err := url.ParseQuery(inline)
		if err != nil {
			return target{}, usagef("PATH %q: bad query string: %v", rawPath, err)
		}
		mergeQuery(t.query, q)
	}
	for i, arg := range args {
		n := i + 2 // position on the command line after the verb: PATH is 1
		trimmed := strings.TrimSpace(arg)
		switch {
		case strings.HasPrefix(trimmed, "{"):
			q, err := pydict.Query(trimmed)
			if err != nil {
				return target{}, usagef("argument %d (%s): not a valid Python dict literal: %v", n, shorten(arg), err)
			}
			mergeQuery(t.query, q)
		case strings.Contains(arg, "="):
			key, value, _ := strings.Cut(arg, "=")
			if strings.TrimSpace(key) == "" {
				return target{}, usagef("argument %d (%s): parameter name before '=' is empty", n, shorten(arg))
			}
			t.query.Add(key, value)
		case isDetailWord(trimmed):
			if t.details != "" && !strings.EqualFold(string(t.details), trimmed) {
				return target{}, usagef("argument %d: detail level given twice (%s and %s)", n, t.details, trimmed)
			}
			t.details = dcm.Details(strings.ToLower(trimmed))
		default:
			return target{}, usagef(`argument %d (%s): expected key=value, a Python dict such as "{'regionId':19344}", or a detail level (none, basic, extended)`, n, shorten(arg))
		}
	}
	return t, nil
}

// checkPath refuses what cannot be a path relative to the endpoint.
func checkPath(path string) error {
	trimmed := strings.Trim(path, "/")
	switch {
	case trimmed == "":
		return usagef("PATH is empty: give a resource path such as geography/DataCenter")
	case strings.Contains(path, "://"):
		return usagef("PATH %q is a URL: give the path relative to the endpoint (e.g. geography/DataCenter) and set the endpoint with --endpoint or DCM_ENDPOINT", path)
	case strings.HasPrefix(trimmed, "api/enstratus"):
		return usagef("PATH %q includes the endpoint's own path: give it relative to the endpoint, e.g. geography/DataCenter", path)
	case strings.ContainsAny(path, "#"):
		return usagef("PATH %q contains '#'", path)
	}
	for _, seg := range strings.Split(trimmed, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return usagef("PATH %q has an empty, '.' or '..' segment", path)
		}
	}
	for _, r := range path {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return usagef("PATH %q contains a space or control character", path)
		}
	}
	return nil
}

func isDetailWord(s string) bool {
	switch strings.ToLower(s) {
	case string(dcm.DetailsNone), string(dcm.DetailsBasic), string(dcm.DetailsExtended):
		return true
	}
	return false
}

func mergeQuery(dst, src url.Values) {
	for k, vs := range src {
		dst[k] = append(dst[k], vs...)
	}
}

// shorten quotes an argument for an error message, cut to a readable length.
func shorten(s string) string {
	const limit = 60
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return strings.TrimSpace(s)
}
