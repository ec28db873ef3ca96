package engine

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/internal/jsonvalue"
	"github.com/mixcoatl/mixcoatl/wire"
)

// FormatTime renders t in the wire timestamp form.
func FormatTime(t time.Time) string { return wire.FormatTimestamp(t) }

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// decodeObject parses stored wire JSON; numbers stay json.Number so ids and
// money keep their exact text.
func decodeObject(b []byte) (map[string]any, error) {
	if len(b) == 0 {
		return map[string]any{}, nil
	}
	m, err := jsonvalue.DecodeObject(b)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// asInt reads an integer leniently (wire.Int): a number without a
// fraction or a numeric string (clients send ids both ways, spec §8).
func asInt(v any) (int64, bool) { return wire.Int(v, wire.Lenient) }

// notFound is the 404 of an unknown id, in the service's own words: the
// recorded answer to an unknown job is "No such job ID: 5" (spec §6), so
// every resource is named the same way, in lower-case words ("No such
// machine image ID: 9").
func notFound(kind, id string) *Error {
	words := catalog.Words(kind)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return Errorf(http.StatusNotFound, "No such %s ID: %s", strings.Join(words, " "), id)
}

// describe renders a payload value for an error message, as the client
// sent it.
func describe(v any) string { return wire.Lenient.Describe(v) }

// idString renders an id value as it appears in URLs and job messages.
func idString(v any) string {
	if i, ok := asInt(v); ok {
		return strconv.FormatInt(i, 10)
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// refID returns the id inside a reference object {"<refKey>": id}.
func refID(v any, refKey string) (any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	id, ok := m[refKey]
	return id, ok && id != nil
}

// hashHex derives stable pseudo-random hex digits from a seed string, so
// derived fields (provider ids, addresses) are realistic yet reproducible.
func hashHex(seed string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(seed))
	s := fmt.Sprintf("%016x", h.Sum64())
	for len(s) < n {
		h.Write([]byte(s))
		s += fmt.Sprintf("%016x", h.Sum64())
	}
	return s[:n]
}

// hashByte derives one stable byte from a seed string and an index.
func hashByte(seed string, i int) int {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", seed, i)
	return int(h.Sum32() % 254)
}

// cloneValue deep-copies decoded JSON.
func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = cloneValue(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = cloneValue(x)
		}
		return s
	}
	return v
}

func strField(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}
