package dcm

import "github.com/mixcoatl/mixcoatl/wire"

// Header and query names of the protocol, as the wire package defines them
// (spec §3–§5). Signing itself lives in wire, shared with the emulator.
const (
	HeaderAccess      = wire.HeaderAccess
	HeaderTimestamp   = wire.HeaderTimestamp
	HeaderSignature   = wire.HeaderSignature
	HeaderDetails     = wire.HeaderDetails
	HeaderRequestID   = wire.HeaderRequestID
	HeaderVersion     = wire.HeaderVersion
	HeaderCount       = wire.HeaderCount
	HeaderPagination  = wire.HeaderPagination
	HeaderLastPage    = wire.HeaderLastPage
	QueryPaginationID = wire.QueryPaginationID
	QueryPage         = wire.QueryPage
)

// DefaultUserAgent is the User-Agent sent (and signed) when none is configured.
const DefaultUserAgent = "mixcoatl/" + Version
