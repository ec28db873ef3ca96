package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/console"
	"github.com/mixcoatl/mixcoatl/emulator/store/open"
	"github.com/mixcoatl/mixcoatl/emulator/store/postgres"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/spf13/cobra"
)

const emulatorLong = `Run the enStratus API emulator as an HTTP server.

It answers every resource of the API with the wire format of the original
service (envelopes, x-es-* headers, JSON and XML, async jobs) and checks
request signatures. State lives in --data (a SQLite file, surviving restarts
and kill -9; or a postgres:// URL, for several emulator replicas sharing one
state) or in memory.

Keys: the first start of a state generates a key pair for every seeded
customer and prints it once (mixcoatl emulator keys --data FILE lists them
later); --access-key sets the first customer's pair instead (the secret from
--secret-key or MIXCOATL_EMULATOR_SECRET_KEY). A --seed file's other pairs are
kept as written.

Paging: every list is answered whole unless --page-size N is given, because
the original service's clients (all but one) never read x-es-last-page and
would silently get only the first page. mixcoatl --local and dcmtest page
(250 a page): this project's client follows the pages.

Limits: a connection that sends its request slower than --read-timeout, or
stays idle longer than --idle-timeout, is closed; connections beyond
--max-conns are answered 503; headers beyond --max-header-bytes are answered
431, bodies beyond --max-body 413, bodies nesting deeper than --max-depth 400,
all with the API's error envelope. SIGTERM or SIGINT stops it gracefully:
no new connections, requests in flight finish within --shutdown-timeout,
the state is closed, exit status 0.

Logs go to stderr (--log-format text or json): start, stop, every 5xx answer
and recovered panic with its request id (and stack), and with --log-requests
one line per request (method, path, query with secret-looking values
redacted, status, duration, request id, customer). No secret is logged.

The control API under /_emulator/ (GET /_emulator/ lists its endpoints and
their bodies) answers loopback clients, or anyone presenting
--control-token. It, and the API under --auth off or log, refuse requests a
browser sends from another site: a Host that is not a loopback name, an IP
address, the listen address or an --allow-host name; a cross-site Origin or
Sec-Fetch-Site; control writes without Content-Type: application/json.`

const emulatorExample = `  mixcoatl emulator
  mixcoatl emulator --listen 127.0.0.1:0 --data ./state.db
  mixcoatl emulator --job-mode polls:3 --page-size 100
  mixcoatl emulator --auth off --job-mode immediate --log-requests
  mixcoatl emulator keys --data ./state.db`

// emulatorOptions are the flags of `mixcoatl emulator`.
type emulatorOptions struct {
	cfg       emulator.Config
	data      string
	auth      string
	jobMode   string
	skew      time.Duration
	details   string
	pageSize  int
	logFormat string
	validate  bool
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
	fs.StringVar(&o.cfg.AccessKey, "access-key", "", "access key of the first seeded customer (default: generated once per data file)")
	fs.StringVar(&o.cfg.SecretKey, "secret-key", "", "secret key of the first seeded customer (prefer MIXCOATL_EMULATOR_SECRET_KEY)")
	fs.StringVar(&o.auth, "auth", string(emulator.AuthStrict), "signature checking: strict, log (accept and log failures) or off")
	fs.StringVar(&o.cfg.SeedFile, "seed", "", "seed document replacing the built-in demo data")
	fs.IntVar(&o.pageSize, "page-size", 0, "longest list answered in one page (default: no paging, every list whole)")
	fs.DurationVar(&o.skew, "skew", 0, "allowed clock skew of signed timestamps, each way (default 5m)")
	fs.StringVar(&o.jobMode, "job-mode", "", "how jobs progress: immediate, polls:N, duration:D or fail[:message] (default: 2nd poll or 10s)")
	fs.StringVar(&o.details, "default-details", "", "x-es-details level when a request has none: basic (default) or none")
	fs.StringVar(&o.cfg.ControlToken, "control-token", "", "token required by the /_emulator/ control API; allows non-loopback control")
	fs.StringSliceVar(&o.cfg.AllowedHosts, "allow-host", nil, "host name (besides loopback names, IP addresses and the listen host) that the control API and --auth off|log answer; repeatable")
	fs.DurationVar(&o.cfg.ReadHeaderTimeout, "read-header-timeout", emulator.DefaultReadHeaderTimeout, "longest time to read a request's headers")
	fs.DurationVar(&o.cfg.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, "longest time to read a whole request, body included; a slower connection is closed")
	fs.DurationVar(&o.cfg.WriteTimeout, "write-timeout", emulator.DefaultWriteTimeout, "longest time from the end of a request's headers to the end of its answer")
	fs.DurationVar(&o.cfg.IdleTimeout, "idle-timeout", emulator.DefaultIdleTimeout, "how long an idle keep-alive connection stays open")
	fs.DurationVar(&o.cfg.ShutdownTimeout, "shutdown-timeout", emulator.DefaultShutdownTimeout, "on SIGTERM or SIGINT, how long requests in flight may finish")
	fs.IntVar(&o.cfg.MaxConns, "max-conns", emulator.DefaultMaxConns, "open connections at most; more are answered 503")
	fs.IntVar(&o.cfg.MaxHeaderBytes, "max-header-bytes", emulator.DefaultMaxHeaderBytes, "request line and headers at most (431 above, about)")
	fs.Int64Var(&o.cfg.MaxBody, "max-body", emulator.DefaultMaxBody, "request body at most, in bytes (413 above)")
	fs.IntVar(&o.cfg.MaxDepth, "max-depth", emulator.DefaultMaxDepth, "nesting of JSON and XML request bodies at most (400 above)")
	fs.BoolVar(&o.cfg.LogRequests, "log-requests", false, "log one line per request on stderr")
	fs.StringVar(&o.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.BoolVar(&o.validate, "validate-responses", false, "check every answer against the version's OpenAPI document and log each violation (slower; for changing the emulator)")
	cmd.AddCommand(newEmulatorKeysCommand(env))
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
	if err := o.checkLimits(); err != nil {
		return err
	}
	logger, err := newLogger(env.Stderr, o.logFormat)
	if err != nil {
		return err
	}
	if o.cfg.SecretKey == "" {
		o.cfg.SecretKey = env.Getenv("MIXCOATL_EMULATOR_SECRET_KEY")
	}
	if (o.cfg.AccessKey == "") != (o.cfg.SecretKey == "") {
		return usagef("--access-key and --secret-key (or MIXCOATL_EMULATOR_SECRET_KEY) go together")
	}
	o.cfg.Auth, o.cfg.JobMode, o.cfg.Skew, o.cfg.DefaultDetails, o.cfg.PageSize = auth, o.jobMode, o.skew, o.details, o.pageSize
	o.cfg.Console = console.New // the web console under /_emulator/ui/
	o.cfg.Logger = logger
	if o.validate {
		contract := openapicheck.NewContract(catalog.Load())
		o.cfg.Wrap = func(h http.Handler) http.Handler { return openapicheck.Middleware(h, contract, logger) }
	}
	// SIGTERM (a service manager, docker stop) and SIGINT stop the server
	// gracefully; Run returns once the requests in flight are done.
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	st, err := open.Store(ctx, o.data)
	if err != nil {
		return err
	}
	o.cfg.Store, o.cfg.State = st, open.Describe(o.data)
	err = emulator.Run(ctx, o.cfg, env.Stdout)
	if cerr := st.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("emulator: close the state: %w", cerr)
	}
	return err
}

// checkLimits refuses limits that would make the server unusable.
func (o *emulatorOptions) checkLimits() error {
	for name, d := range map[string]time.Duration{"--read-header-timeout": o.cfg.ReadHeaderTimeout, "--read-timeout": o.cfg.ReadTimeout,
		"--write-timeout": o.cfg.WriteTimeout, "--idle-timeout": o.cfg.IdleTimeout, "--shutdown-timeout": o.cfg.ShutdownTimeout} {
		if d <= 0 {
			return usagef("%s must be positive, got %s", name, d)
		}
	}
	for name, n := range map[string]int64{"--max-conns": int64(o.cfg.MaxConns), "--max-header-bytes": int64(o.cfg.MaxHeaderBytes),
		"--max-body": o.cfg.MaxBody, "--max-depth": int64(o.cfg.MaxDepth)} {
		if n <= 0 {
			return usagef("%s must be positive, got %d", name, n)
		}
	}
	return nil
}

// newLogger is the emulator's structured log on stderr.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, usagef("--log-format: want text or json, got %q", format)
}

func newEmulatorKeysCommand(env *Env) *cobra.Command {
	var data string
	cmd := &cobra.Command{
		Use:   "keys --data FILE",
		Short: "List the API keys stored in an emulator state, secrets included",
		Long: `List the API keys stored in an emulator state (a SQLite file or a postgres://
URL), secrets included: the seeded customers' key pairs, drawn at the first
start of the state, and the keys created through the API since. Use it when the
pairs printed on first start are lost. The state is only read; run it beside a
running emulator if you like.`,
		Example: "  mixcoatl emulator keys --data ./state.db",
		Args:    rangeArgs(0, 0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return listEmulatorKeys(cmd.Context(), env.Stdout, data)
		}),
	}
	cmd.Flags().StringVar(&data, "data", "", "SQLite state file or postgres:// URL (required)")
	return cmd
}

func listEmulatorKeys(ctx context.Context, w io.Writer, data string) error {
	if data == "" {
		return usagef("keys needs --data FILE: an in-memory emulator's keys live only in its process")
	}
	if !postgres.IsURL(data) {
		// Opening would create a missing file; a typo should not.
		if _, err := os.Stat(data); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("emulator: no state file %s", data)
		}
	}
	st, err := open.Store(ctx, data)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := emulator.Keys(ctx, st)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		return fmt.Errorf("emulator: %s holds no keys: it was never seeded (the emulator's first start seeds it)", open.Describe(data))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CUSTOMER\tUSER\tACCESS KEY\tSECRET KEY\tACTIVE")
	for _, k := range keys {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%t\n", k.Customer, k.UserID, k.AccessKey, k.SecretKey, k.Active)
	}
	return tw.Flush()
}
