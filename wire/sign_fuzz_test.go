package wire_test

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/wire"
)

// FuzzSignVerify checks the signing primitives on arbitrary input: they never
// panic, a signature made by Sign verifies, and any single-byte change of the
// signed message, of the signature or of the secret makes verification fail.
func FuzzSignVerify(f *testing.F) {
	f.Add("ABCDEFGHIJKLMNOPQRST", "GET", "/api/enstratus/2012-06-15/geography/Cloud", int64(1400000000000),
		"mixcoatl/0.1.0", "secret+/==", uint16(0), byte(1))
	f.Add("", "", "", int64(0), "", "", uint16(7), byte(0xff))
	f.Add("k", "delete", "/api/enstratus/2015-05-25/infrastructure/Server/1?x=y", int64(-1),
		"ua with spaces: and colons", "\x00\xff", uint16(65535), byte(0x80))
	f.Fuzz(func(t *testing.T, access, method, path string, ts int64, ua, secret string, at uint16, delta byte) {
		msg := wire.StringToSign(access, method, path, ts, ua)
		// HTTP methods are ASCII tokens; Unicode case mapping does not round
		// trip (ToUpper(ToLower("İ")) != "İ"), so only ASCII methods must
		// sign the same in either case.
		if isASCII(method) {
			if lower := wire.StringToSign(access, strings.ToLower(method), path, ts, ua); lower != msg {
				t.Fatalf("method case changes the string to sign: %q vs %q", lower, msg)
			}
		}
		sig := wire.Sign(secret, msg)
		if !wire.Verify(secret, msg, sig) {
			t.Fatalf("verify(sign(%q)) = false", msg)
		}
		if delta == 0 {
			delta = 1 // a zero XOR would not change the byte
		}
		// msg is never empty: it holds at least the four separators.
		if changed := flipByte(msg, int(at), delta); wire.Verify(secret, changed, sig) {
			t.Fatalf("signature of %q also verifies %q", msg, changed)
		}
		if changed := flipByte(sig, int(at), delta); wire.Verify(secret, msg, changed) {
			t.Fatalf("changed signature %q verifies (original %q)", changed, sig)
		}
		if secret != "" {
			if changed := flipByte(secret, int(at), delta); wire.Verify(changed, msg, sig) {
				t.Fatalf("secret %q and changed secret %q give the same signature", secret, changed)
			}
		}
		// Garbage signatures are rejected without panicking.
		if wire.Verify(secret, msg, sig[:len(sig)/2]) {
			t.Fatal("a truncated signature verifies")
		}
	})
}

// flipByte returns s with the byte at i (mod len(s)) XORed with delta.
func flipByte(s string, i int, delta byte) string {
	b := []byte(s)
	b[i%len(b)] ^= delta
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
