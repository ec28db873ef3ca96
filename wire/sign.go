package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
	"unicode/utf8"
)

// StringToSign is access:METHOD:path:timestamp:userAgent (spec §3). path is
// the absolute URL path starting at /api/enstratus/<version>/ (behind any
// base path), without query string, scheme or host. The method is
// upper-cased because the server signs the upper-case verb.
func StringToSign(accessKey, method, path string, timestampMillis int64, userAgent string) string {
	return string(AppendStringToSign(nil, accessKey, method, path, timestampMillis, userAgent))
}

// AppendStringToSign appends StringToSign(…) to b.
func AppendStringToSign(b []byte, accessKey, method, path string, timestampMillis int64, userAgent string) []byte {
	b = append(b, accessKey...)
	b = append(b, ':')
	b = appendUpper(b, method)
	b = append(b, ':')
	b = append(b, path...)
	b = append(b, ':')
	b = strconv.AppendInt(b, timestampMillis, 10)
	b = append(b, ':')
	return append(b, userAgent...)
}

// Sign returns base64(HMAC-SHA256(secret, stringToSign)): the key is the
// secret string's raw bytes (not Base64-decoded) and the result is standard
// Base64 with padding and no line breaks.
func Sign(secretKey, stringToSign string) string {
	return string(NewSigner(secretKey).mac64([]byte(stringToSign)))
}

// Verify reports whether signature is the valid signature of stringToSign
// under secretKey, comparing in constant time.
func Verify(secretKey, stringToSign, signature string) bool {
	return hmac.Equal([]byte(Sign(secretKey, stringToSign)), []byte(signature))
}

// Signer signs and verifies requests under one secret key with reusable
// state: the keyed HMAC and scratch space for the string to sign, the digest
// and its Base64 form, so that signing costs one allocation (the signature
// string) and verifying none. A Signer is not safe for concurrent use; keep
// one per goroutine or in a sync.Pool.
type Signer struct {
	mac hash.Hash
	buf []byte
	sum []byte
	b64 [44]byte // base64 of a SHA-256 digest
}

// NewSigner returns a Signer for the secret key.
func NewSigner(secretKey string) *Signer {
	return &Signer{mac: hmac.New(sha256.New, []byte(secretKey))}
}

// digest computes the Base64 signature into s.b64 and returns it.
func (s *Signer) digest(access, method, path string, timestampMillis int64, userAgent string) []byte {
	s.buf = AppendStringToSign(s.buf[:0], access, method, path, timestampMillis, userAgent)
	return s.mac64(s.buf)
}

// mac64 is the Base64 HMAC of msg, in s.b64.
func (s *Signer) mac64(msg []byte) []byte {
	s.mac.Reset()
	s.mac.Write(msg)
	s.sum = s.mac.Sum(s.sum[:0])
	base64.StdEncoding.Encode(s.b64[:], s.sum)
	return s.b64[:base64.StdEncoding.EncodedLen(len(s.sum))]
}

// Sign returns the x-esauth-signature of a request: Sign(secret,
// StringToSign(access, method, path, timestampMillis, userAgent)).
func (s *Signer) Sign(access, method, path string, timestampMillis int64, userAgent string) string {
	return string(s.digest(access, method, path, timestampMillis, userAgent))
}

// Verify reports whether signature is the request's valid signature,
// comparing in constant time.
func (s *Signer) Verify(access, method, path string, timestampMillis int64, userAgent, signature string) bool {
	want := s.digest(access, method, path, timestampMillis, userAgent)
	return subtle.ConstantTimeCompare(want, []byte(signature)) == 1
}

// appendUpper appends strings.ToUpper(v) without an intermediate string
// when v is ASCII (HTTP methods are).
func appendUpper(b []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			return append(b, strings.ToUpper(v)...)
		}
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// SignedPath joins a versioned endpoint's URL path and a request path as
// the signature expects: endpointPath + "/" + requestPath, where a leading
// "/" on requestPath and a trailing "/" on endpointPath are tolerated and
// any query string on requestPath is dropped.
func SignedPath(endpointPath, requestPath string) string {
	if i := strings.IndexByte(requestPath, '?'); i >= 0 {
		requestPath = requestPath[:i]
	}
	return strings.TrimRight(endpointPath, "/") + "/" + strings.TrimLeft(requestPath, "/")
}
