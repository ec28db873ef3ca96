package emulator

import (
	"net/http"

	"github.com/mixcoatl/mixcoatl/wire"
)

// Canonical forms of the protocol's header names the hot path reads and
// writes: http.Header's Get and Set canonicalise a lower-case name into a
// new string on every call, these need none.
const (
	hdrAccess    = wire.CanonAccess
	hdrTimestamp = wire.CanonTimestamp
	hdrSignature = wire.CanonSignature
	hdrDetails   = wire.CanonDetails
	hdrRequestID = wire.CanonRequestID
	hdrVersion   = wire.CanonVersion
)

// header is h.Get(key) for a key already in canonical form (the constants
// above, "Accept", "User-Agent"): the first value, without Get's
// canonicalisation of the key on every call. net/http stores received
// headers under canonical keys, so the answer is Get's.
func header(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
