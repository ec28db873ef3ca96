package wire

import "testing"

// The expected signatures below were computed once, independently of this
// code, with Python's standard library:
//
//	base64.b64encode(hmac.new(secret.encode(), sts.encode(), hashlib.sha256).digest())
//
// and the first one cross-checked with
//
//	printf '%s' "$sts" | openssl dgst -sha256 -hmac SECRETKEY -binary | base64
func TestSignKnownAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		access, method, path   string
		ts                     int64
		ua, secret             string
		wantString, wantSigned string
	}{
		{
			name: "spec worked shape", access: "ABC", method: "GET",
			path: "/api/enstratus/2015-05-25/geography/Cloud", ts: 1436000000000, ua: "mixcoatl",
			secret:     "SECRETKEY",
			wantString: "ABC:GET:/api/enstratus/2015-05-25/geography/Cloud:1436000000000:mixcoatl",
			wantSigned: "PIS2Qi38Qvjf46/xpK2f49ce+qgFueGg2dZeGqP5gzQ=",
		},
		{
			name: "secret used raw, not base64-decoded", access: "HUFVVXTGJWVZYFWRMAHU", method: "post",
			path: "/api/enstratus/2012-06-15/infrastructure/Server", ts: 1700000000123, ua: "mixcoatl/0.1.0-dev",
			secret:     "dGhpcyBpcyBub3QgYSByZWFsIHNlY3JldCBrZXk=",
			wantString: "HUFVVXTGJWVZYFWRMAHU:POST:/api/enstratus/2012-06-15/infrastructure/Server:1700000000123:mixcoatl/0.1.0-dev",
			wantSigned: "ubcSoL77h6Bj2mF3Cw1Es2SX5L67B/P1HmCjJ7Uzdc8=",
		},
		{
			name: "base path, zero timestamp, UTF-8 secret", access: "K", method: "DELETE",
			path: "/base/api/enstratus/2014-07-30/infrastructure/Volume/7", ts: 0, ua: "UA with spaces",
			secret:     "s\u00e9cret",
			wantString: "K:DELETE:/base/api/enstratus/2014-07-30/infrastructure/Volume/7:0:UA with spaces",
			wantSigned: "XTZqp7LtK5JnknBpcC6BuXyjSr+QVo1tZgaxSi1NbT4=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sts := StringToSign(tt.access, tt.method, tt.path, tt.ts, tt.ua)
			if sts != tt.wantString {
				t.Fatalf("StringToSign = %q, want %q", sts, tt.wantString)
			}
			if got := Sign(tt.secret, sts); got != tt.wantSigned {
				t.Fatalf("Sign = %q, want %q", got, tt.wantSigned)
			}
			if !Verify(tt.secret, sts, tt.wantSigned) {
				t.Fatal("VerifySignature rejected the right signature")
			}
			if Verify(tt.secret+"x", sts, tt.wantSigned) {
				t.Fatal("VerifySignature accepted a signature made with another secret")
			}
			// The reusable Signer (client hot path, emulator check) agrees.
			s := NewSigner(tt.secret)
			for range 2 { // scratch reuse must not leak between calls
				if got := s.Sign(tt.access, tt.method, tt.path, tt.ts, tt.ua); got != tt.wantSigned {
					t.Fatalf("Signer.Sign = %q, want %q", got, tt.wantSigned)
				}
				if !s.Verify(tt.access, tt.method, tt.path, tt.ts, tt.ua, tt.wantSigned) {
					t.Fatal("Signer.Verify rejected the right signature")
				}
				if s.Verify(tt.access, tt.method, tt.path+"x", tt.ts, tt.ua, tt.wantSigned) {
					t.Fatal("Signer.Verify accepted the signature of another path")
				}
			}
		})
	}
}

func TestSignedPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ endpoint, req, want string }{
		{"/api/enstratus/2012-06-15", "geography/DataCenter", "/api/enstratus/2012-06-15/geography/DataCenter"},
		{"/api/enstratus/2012-06-15/", "/geography/DataCenter", "/api/enstratus/2012-06-15/geography/DataCenter"},
		{"/x/api/enstratus/2012-06-15", "infrastructure/Server/42?reason=x", "/x/api/enstratus/2012-06-15/infrastructure/Server/42"},
	}
	for _, tt := range tests {
		if got := SignedPath(tt.endpoint, tt.req); got != tt.want {
			t.Errorf("SignedPath(%q, %q) = %q, want %q", tt.endpoint, tt.req, got, tt.want)
		}
	}
}

func TestSignerAllocations(t *testing.T) {
	s := NewSigner("SECRETKEY")
	path := "/api/enstratus/2015-05-25/geography/Cloud"
	sig := s.Sign("ABC", "GET", path, 1436000000000, "mixcoatl")
	if n := testing.AllocsPerRun(100, func() { s.Verify("ABC", "GET", path, 1436000000000, "mixcoatl", sig) }); n != 0 {
		t.Errorf("Verify allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { s.Sign("ABC", "GET", path, 1436000000000, "mixcoatl") }); n != 1 {
		t.Errorf("Sign allocates %v times, want 1 (the signature)", n)
	}
}
