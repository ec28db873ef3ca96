package emulator

// Canonical forms of the dcm header names the hot path reads and writes:
// http.Header's Get and Set canonicalise a lower-case name into a new
// string on every call, these need none (TestCanonicalHeaderNames).
const (
	hdrAccess    = "X-Esauth-Access"    // dcm.HeaderAccess
	hdrTimestamp = "X-Esauth-Timestamp" // dcm.HeaderTimestamp
	hdrSignature = "X-Esauth-Signature" // dcm.HeaderSignature
	hdrDetails   = "X-Es-Details"       // dcm.HeaderDetails
	hdrRequestID = "X-Es-Request"       // dcm.HeaderRequestID
	hdrVersion   = "X-Es-Version"       // dcm.HeaderVersion
)
