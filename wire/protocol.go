package wire

import (
	"strings"
	"time"
)

// Header names of the signed-request protocol (spec §3) and of the other
// enStratus request and response headers (spec §4, §5), as the spec writes
// them.
const (
	HeaderAccess     = "x-esauth-access"
	HeaderTimestamp  = "x-esauth-timestamp"
	HeaderSignature  = "x-esauth-signature"
	HeaderDetails    = "x-es-details"
	HeaderWithPerms  = "x-es-with-perms"
	HeaderRequestID  = "x-es-request"
	HeaderVersion    = "x-es-version"
	HeaderCount      = "x-es-count"
	HeaderPagination = "x-es-pagination"
	HeaderLastPage   = "x-es-last-page"
)

// The same headers in Go's canonical form (http.CanonicalHeaderKey), for
// reading and writing an http.Header map directly on hot paths without a
// canonicalisation per call.
const (
	CanonAccess     = "X-Esauth-Access"
	CanonTimestamp  = "X-Esauth-Timestamp"
	CanonSignature  = "X-Esauth-Signature"
	CanonDetails    = "X-Es-Details"
	CanonWithPerms  = "X-Es-With-Perms"
	CanonRequestID  = "X-Es-Request"
	CanonVersion    = "X-Es-Version"
	CanonCount      = "X-Es-Count"
	CanonPagination = "X-Es-Pagination"
	CanonLastPage   = "X-Es-Last-Page"
)

// Query parameters of pagination (spec §5.3).
const (
	QueryPaginationID = "requestPaginationId"
	QueryPage         = "requestPage"
)

// BasePath is the root of every API URL: version discovery answers at
// BasePath itself and every call lives under BasePath/<version>/ (spec §1).
const BasePath = "/api/enstratus"

// TimestampLayout is the layout of timestamp fields on the wire
// (yyyy-MM-dd'T'HH:mm:ss.SSSZ, e.g. 2013-05-03T19:15:30.000+0000).
const TimestampLayout = "2006-01-02T15:04:05.000-0700"

// Detail levels of x-es-details (spec §4).
const (
	DetailsNone     = "none"
	DetailsBasic    = "basic"
	DetailsExtended = "extended"
)

// ParseDetails normalises an x-es-details value: the level in lower case,
// or false for anything else. Java clients sent "BASIC", so case does not
// matter.
func ParseDetails(v string) (string, bool) {
	switch d := strings.ToLower(strings.TrimSpace(v)); d {
	case DetailsNone, DetailsBasic, DetailsExtended:
		return d, true
	}
	return "", false
}

// FormatTimestamp renders t as the API does: UTC, milliseconds, +0000.
func FormatTimestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }
