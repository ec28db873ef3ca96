package emulator

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The hand-built request id keeps the format of
// fmt.Sprintf("%sx%06x", prefix, n).
func TestRequestIDFormat(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Store: store.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []uint64{0, 1, 0xf, 0xabcde, 0xfffff, 0x100000, 0x1234567, 1<<63 + 5} {
		s.idSeq.Store(n)
		if got, want := s.nextRequestID(), fmt.Sprintf("%sx%06x", s.idPrefix, n+1); got != want {
			t.Errorf("id %d: %q, want %q", n+1, got, want)
		}
	}
}

// The pooled signers agree with wire.Verify over wire.StringToSign, with
// keys of two secrets taking turns (a signer is reused for its secret
// only).
func TestValidSignatureMatchesDCM(t *testing.T) {
	t.Parallel()
	const access = "ABCDEFGHIJKLMNOPQRST"
	var signers signerPool
	paths := []string{"/api/enstratus/2015-05-25/infrastructure/Server/1", "/p/%C3%A9?x", ""}
	for _, method := range []string{"GET", "get", "Put", "DELETE"} {
		for _, path := range paths {
			for _, ua := range []string{"", "mixcoatl/1.0", "ua with spaces ünicode"} {
				ts := int64(1700000000123)
				for _, secret := range []string{"s3cr3t/+KEY", "another+secret", "s3cr3t/+KEY"} {
					good := wire.Sign(secret, wire.StringToSign(access, method, path, ts, ua))
					for _, sig := range []string{good, good[:len(good)-1], good + "=", "", "AAAA"} {
						want := wire.Verify(secret, wire.StringToSign(access, method, path, ts, ua), sig)
						if got := signers.valid(secret, access, method, path, ts, ua, sig); got != want {
							t.Errorf("%s %q %q sig %q: %v, want %v", method, path, ua, sig, got, want)
						}
					}
				}
			}
		}
	}
}

// The request log keeps the newest entries, oldest first, as it wraps.
func TestRequestLogRing(t *testing.T) {
	t.Parallel()
	l := newRequestLog(3, DefaultRequestLogBytes)
	if l.list() != nil {
		t.Fatal("empty log lists non-nil")
	}
	for n := 1; n <= 8; n++ {
		l.add(RequestRecord{Status: n})
		var got []int
		for _, e := range l.list() {
			got = append(got, e.Status)
		}
		want := []int{}
		for i := max(1, n-2); i <= n; i++ {
			want = append(want, i)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after %d adds: %v, want %v", n, got, want)
		}
	}
	l.reset()
	if l.list() != nil {
		t.Fatal("reset log lists non-nil")
	}
}

func TestCanonicalHeaderNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{hdrAccess: wire.HeaderAccess, hdrTimestamp: wire.HeaderTimestamp,
		hdrSignature: wire.HeaderSignature, hdrDetails: wire.HeaderDetails, hdrRequestID: wire.HeaderRequestID, hdrVersion: wire.HeaderVersion} {
		if name != http.CanonicalHeaderKey(want) {
			t.Errorf("%q is not the canonical form of %q", name, want)
		}
	}
}
