package cli

import (
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
	"github.com/spf13/cobra"
)

const emulatorLong = `Run the enStratus API emulator as an HTTP server.

It answers every resource of the API with the wire format of the original
service (envelopes, x-es-* headers, JSON and XML, pagination, async jobs) and
checks request signatures. State lives in --data (a SQLite file, surviving
restarts and kill -9; or a postgres:// URL, for several emulator replicas sharing
one state) or in memory. The first start of a data file generates the seeded
customer's key pair and prints it once, unless --access-key is given (the
secret then comes from --secret-key or MIXCOATL_EMULATOR_SECRET_KEY).

The control API under /_emulator/ (health, reset, seed, job modes, forced job
results, resource states, fault injection, request log) answers loopback
clients, or anyone presenting --control-token.`

const emulatorExample = `  mixcoatl emulator
  mixcoatl emulator --listen 127.0.0.1:0 --data ./state.db
  mixcoatl emulator --job-mode polls:3 --page-size 100
  mixcoatl emulator --auth off --job-mode immediate`

// emulatorOptions are the flags of `mixcoatl emulator`.
type emulatorOptions struct {
	cfg      emulator.Config
	data     string
	auth     string
	jobMode  string
	skew     time.Duration
	details  string
	pageSize int
}

func newEmulatorCommand(env *Env) *cobra.Command {
	o := &emulatorOptions{}
	cmd := &cobra.Command{
		Use:     "emulator",
		Short:   "Run the enStratus API emulator as an HTTP server",
		Long:    emulatorLong,
		Example: emulatorExample,
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE:    runE(func(cmd *cobra.Command, _ []string) error { return o.run(cmd, env) }),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.cfg.Listen, "listen", emulator.DefaultListen, "address to listen on; port 0 picks a free one")
	fs.StringVar(&o.data, "data", "", "SQLite state file, or postgres://user:pw@host/db URL shared by replicas (default: in memory)")
	fs.StringVar(&o.cfg.AccessKey, "access-key", "", "access key of the seeded customer (default: generated once per data file)")
	fs.StringVar(&o.cfg.SecretKey, "secret-key", "", "secret key of the seeded customer (prefer MIXCOATL_EMULATOR_SECRET_KEY)")
	fs.StringVar(&o.auth, "auth", string(emulator.AuthStrict), "signature checking: strict, log (accept and log failures) or off")
	fs.StringVar(&o.cfg.SeedFile, "seed", "", "seed document replacing the built-in demo data")
	fs.IntVar(&o.pageSize, "page-size", 0, "longest list answered in one page (default 250)")
	fs.DurationVar(&o.skew, "skew", 0, "allowed clock skew of signed timestamps, each way (default 5m)")
	fs.StringVar(&o.jobMode, "job-mode", "", "how jobs progress: immediate, polls:N, duration:D or fail[:message] (default: 2nd poll or 10s)")
	fs.StringVar(&o.details, "default-details", "", "x-es-details level when a request has none: basic (default) or none")
	fs.StringVar(&o.cfg.ControlToken, "control-token", "", "token required by the /_emulator/ control API; allows non-loopback control")
	return cmd
}

func (o *emulatorOptions) run(cmd *cobra.Command, env *Env) error {
	auth, err := emulator.ParseAuthMode(o.auth)
	if err != nil {
		return usagef("--auth: %v", err)
	}
	if o.jobMode != "" {
		if _, err := emulator.ParseJobMode(o.jobMode); err != nil {
			return usagef("--job-mode: %v", err)
		}
	}
	if o.pageSize < 0 {
		return usagef("--page-size must not be negative, got %d", o.pageSize)
	}
	if o.skew < 0 {
		return usagef("--skew must not be negative, got %s", o.skew)
	}
	switch o.details {
	case "", "basic", "none":
	default:
		return usagef("--default-details: want basic or none, got %q", o.details)
	}
	if o.cfg.SecretKey == "" {
		o.cfg.SecretKey = env.Getenv("MIXCOATL_EMULATOR_SECRET_KEY")
	}
	if (o.cfg.AccessKey == "") != (o.cfg.SecretKey == "") {
		return usagef("--access-key and --secret-key (or MIXCOATL_EMULATOR_SECRET_KEY) go together")
	}
	o.cfg.Auth, o.cfg.JobMode, o.cfg.Skew, o.cfg.DefaultDetails, o.cfg.PageSize = auth, o.jobMode, o.skew, o.details, o.pageSize
	st, err := open.Store(cmd.Context(), o.data)
	if err != nil {
		return err
	}
	defer st.Close()
	o.cfg.Store, o.cfg.State = st, open.Describe(o.data)
	return emulator.Run(cmd.Context(), o.cfg, env.Stdout)
}
