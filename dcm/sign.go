package dcm

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
)

// Header names of the signed-request protocol (spec §3) and of the other
// enStratus request/response headers (spec §4, §5).
const (
	HeaderAccess         = "x-esauth-access"
	HeaderTimestamp      = "x-esauth-timestamp"
	HeaderSignature      = "x-esauth-signature"
	HeaderDetails        = "x-es-details"
	HeaderRequestID      = "x-es-request"
	HeaderVersion        = "x-es-version"
	HeaderCount          = "x-es-count"
	HeaderPagination     = "x-es-pagination"
	HeaderLastPage       = "x-es-last-page"
	QueryPaginationID    = "requestPaginationId"
	QueryPage            = "requestPage"
	defaultUserAgentName = "mixcoatl/"
)

// DefaultUserAgent is the User-Agent sent (and signed) when none is configured.
const DefaultUserAgent = defaultUserAgentName + Version

// StringToSign is access:METHOD:path:timestamp:userAgent (spec §3). path is
// the absolute URL path starting at /api/enstratus/<version>/ (behind any base
// path), without query string, scheme or host. The method is upper-cased
// because the server signs the upper-case verb.
func StringToSign(accessKey, method, path string, timestampMillis int64, userAgent string) string {
	var b strings.Builder
	b.Grow(len(accessKey) + len(method) + len(path) + len(userAgent) + 24)
	b.WriteString(accessKey)
	b.WriteByte(':')
	b.WriteString(strings.ToUpper(method))
	b.WriteByte(':')
	b.WriteString(path)
	b.WriteByte(':')
	b.WriteString(strconv.FormatInt(timestampMillis, 10))
	b.WriteByte(':')
	b.WriteString(userAgent)
	return b.String()
}

// Sign returns base64(HMAC-SHA256(secret, StringToSign(...))): the key is the
// secret string's raw bytes (not Base64-decoded) and the result is standard
// Base64 with padding and no line breaks.
func Sign(secretKey, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// VerifySignature reports whether signature is the valid signature of
// stringToSign under secretKey, comparing in constant time. It is meant for
// servers (the emulator) checking a request.
func VerifySignature(secretKey, stringToSign, signature string) bool {
	want := Sign(secretKey, stringToSign)
	return hmac.Equal([]byte(want), []byte(signature))
}

// SignedPath joins the versioned endpoint's URL path and a request path as
// the signature expects: endpointPath + "/" + requestPath, where a leading
// "/" on requestPath and a trailing "/" on endpointPath are tolerated and any
// query string on requestPath is dropped.
func SignedPath(endpointPath, requestPath string) string {
	if i := strings.IndexByte(requestPath, '?'); i >= 0 {
		requestPath = requestPath[:i]
	}
	return strings.TrimRight(endpointPath, "/") + "/" + strings.TrimLeft(requestPath, "/")
}
