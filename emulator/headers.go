package emulator

import "github.com/mixcoatl/mixcoatl/wire"

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
