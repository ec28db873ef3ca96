package cli

import (
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/pflag"
)

// timeoutFlag is a duration flag that knows whether it was given: left
// out, the bound is the configuration's (DCM_* variables, endpoint file,
// profile, else dcm's default); 0 turns it off. It reads what
// dcm.ParseTimeout reads ("30s", "45" seconds, "0", "none"); a negative
// duration is kept for check to refuse as a usage error.
type timeoutFlag struct {
	name string
	d    *time.Duration // 0 when off
	set  bool
}

// String is the value; "0" (which pflag takes for no default) when unset
// or off, since the default comes from the configuration.
func (f *timeoutFlag) String() string {
	if f.d == nil || *f.d == 0 {
		return "0"
	}
	return f.d.String()
}

func (f *timeoutFlag) Set(s string) error {
	d, err := dcm.ParseTimeout(s)
	if err != nil {
		neg, perr := time.ParseDuration(strings.TrimSpace(s))
		if perr != nil || neg >= 0 {
			return err
		}
		d = neg
	}
	if d == dcm.NoTimeout {
		d = 0
	}
	*f.d, f.set = d, true
	return nil
}

func (f *timeoutFlag) Type() string { return "duration" }

// bound is the flag as a dcm.Timeouts field: 0 when not given,
// dcm.NoTimeout for 0.
func (f *timeoutFlag) bound() time.Duration {
	switch {
	case !f.set:
		return 0
	case *f.d == 0:
		return dcm.NoTimeout
	}
	return *f.d
}

// timeoutFlags are the global flags bounding every request.
type timeoutFlags struct {
	request, connect, tls, header timeoutFlag
	connectD, tlsD, headerD       time.Duration
}

// register adds the flags; request is --timeout, whose value the wait
// commands also read.
func (t *timeoutFlags) register(fs *pflag.FlagSet, request *time.Duration) {
	t.request.d, t.connect.d, t.tls.d, t.header.d = request, &t.connectD, &t.tlsD, &t.headerD
	t.request.name, t.connect.name, t.tls.name, t.header.name = "timeout", "connect-timeout", "tls-handshake-timeout", "response-header-timeout"
	fs.Var(&t.request, "timeout", "give up on a request after this long, retries included, e.g. 30s (0 = no limit; "+
		"default DCM_TIMEOUT, the profile's or endpoint file's timeout, else "+dcm.DefaultRequestTimeout.String()+")")
	fs.Var(&t.connect, "connect-timeout", "give up connecting after this long (0 = no limit; default DCM_CONNECT_TIMEOUT, connect_timeout, else "+
		dcm.DefaultConnectTimeout.String()+")")
	fs.Var(&t.tls, "tls-handshake-timeout", "give up on the TLS handshake after this long (0 = no limit; default DCM_TLS_HANDSHAKE_TIMEOUT, "+
		"tls_handshake_timeout, else "+dcm.DefaultTLSHandshakeTimeout.String()+")")
	fs.Var(&t.header, "response-header-timeout", "give up on an answer whose headers have not come after this long (0 = no limit; "+
		"default DCM_RESPONSE_HEADER_TIMEOUT, response_header_timeout, else "+dcm.DefaultResponseHeaderTimeout.String()+")")
}

// check refuses a negative duration.
func (t *timeoutFlags) check() error {
	for _, f := range []*timeoutFlag{&t.request, &t.connect, &t.tls, &t.header} {
		if *f.d < 0 {
			return usagef("--%s must not be negative, got %s", f.name, *f.d)
		}
	}
	return nil
}

// bounds are the flags given, as explicit dcm.Timeouts.
func (t *timeoutFlags) bounds() dcm.Timeouts {
	return dcm.Timeouts{Request: t.request.bound(), Connect: t.connect.bound(), TLSHandshake: t.tls.bound(), ResponseHeader: t.header.bound()}
}
