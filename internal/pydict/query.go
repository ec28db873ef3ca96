package pydict

import (
	"fmt"
	"net/url"
)

// Query parses a dict literal of query parameters the way the old tools sent
// it: each value as Python's str() of it, a list or tuple as a repeated
// parameter, None (also inside a list) as no parameter at all. Nested
// containers have no query-string form and are errors.
func Query(src string) (url.Values, error) {
	v, err := Parse(src)
	if err != nil {
		return nil, err
	}
	if v.Kind != Dict {
		return nil, fmt.Errorf("query parameters must be a dict such as {'regionId': 19344}, not a %s", v.Kind)
	}
	q := url.Values{}
	for _, e := range v.Entries {
		if e.Key.Kind == Tuple {
			return nil, fmt.Errorf("query parameter name %s: a tuple cannot be a parameter name", e.Key.repr())
		}
		name := e.Key.Str()
		switch e.Value.Kind {
		case None:
		case Dict:
			return nil, fmt.Errorf("query parameter %q: a dict has no query-string form", name)
		case List, Tuple:
			for _, item := range e.Value.Items {
				switch item.Kind {
				case None:
				case List, Tuple, Dict:
					return nil, fmt.Errorf("query parameter %q: a nested %s has no query-string form", name, item.Kind)
				default:
					q.Add(name, item.Str())
				}
			}
		default:
			q.Add(name, e.Value.Str())
		}
	}
	return q, nil
}
