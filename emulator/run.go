package emulator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// DefaultListen is where `mixcoatl emulator` listens: the on-premise port.
const DefaultListen = "127.0.0.1:15000"

// Defaults of the HTTP server's limits (Config). They bound what a client
// can hold: a connection sending its request slowly is closed after the
// read timeout, an idle one after the idle timeout, and connections beyond
// the cap are answered 503 at once.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxConns          = 512
	DefaultMaxHeaderBytes    = 1 << 20
	DefaultShutdownTimeout   = 10 * time.Second
)

// Config is what the `mixcoatl emulator` command needs; the CLI fills it
// from flags and calls Run.
type Config struct {
	Listen string // host:port; "" = DefaultListen; port 0 picks a free one
	// Store is the state; nil = a new in-memory store. The caller opens
	// (and closes) a persistent one: this package links no database
	// driver, so that dcmtest does not either. emulator/store/open.Store
	// opens what a --data value names (a SQLite file, a postgres:// URL).
	Store store.Store
	// State names Store in the start-up line (a Postgres URL with its
	// password masked: open.Describe); "" = "in memory".
	State string
	// AccessKey and SecretKey are the first seeded customer's key. When
	// empty, a pair is drawn on the first start of a store (and printed
	// once) and reused from the store afterwards. The other customers of
	// the built-in seed get drawn pairs too (see keys.go).
	AccessKey, SecretKey string
	Auth                 AuthMode
	SeedFile             string // seed document; "" = the default seed
	// PageSize is the longest list answered in one page; 0 = every list
	// whole (Unpaged), so that clients that ignore x-es-last-page, as the
	// original service's did, lose nothing.
	PageSize       int
	Skew           time.Duration // 0 = DefaultSkew
	JobMode        string        // default job mode (ParseJobMode); "" = the engine's default
	DefaultDetails string        // "" = basic
	ControlToken   string
	Logger         *slog.Logger // nil = discard
	LogRequests    bool         // one log line per request
	AllowedHosts   []string     // Options.AllowedHosts; Run adds the listen host
	// Limits; 0 = the Default… value of each.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration // the whole request, body included
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	ShutdownTimeout   time.Duration // how long a stop waits for requests in flight
	MaxConns          int           // open connections; more are answered 503
	MaxHeaderBytes    int           // request line and headers (431 above, about)
	MaxBody           int64         // Options.MaxBody
	MaxDepth          int           // Options.MaxDepth
	// Console is Options.Console: the web console under /_emulator/ui/.
	Console func(*Server) (http.Handler, error)
	// Wrap, when set, wraps the emulator's handler: the CLI's
	// --validate-responses checks answers against the OpenAPI documents
	// this way, so that this package links no validator.
	Wrap func(http.Handler) http.Handler
}

// withDefaults fills the zero settings.
func (cfg Config) withDefaults() Config {
	cfg.ReadHeaderTimeout = cmp.Or(cfg.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	cfg.ReadTimeout = cmp.Or(cfg.ReadTimeout, DefaultReadTimeout)
	cfg.WriteTimeout = cmp.Or(cfg.WriteTimeout, DefaultWriteTimeout)
	cfg.IdleTimeout = cmp.Or(cfg.IdleTimeout, DefaultIdleTimeout)
	cfg.ShutdownTimeout = cmp.Or(cfg.ShutdownTimeout, DefaultShutdownTimeout)
	cfg.MaxConns = cmp.Or(cfg.MaxConns, DefaultMaxConns)
	cfg.MaxHeaderBytes = cmp.Or(cfg.MaxHeaderBytes, DefaultMaxHeaderBytes)
	cfg.Listen = cmp.Or(cfg.Listen, DefaultListen)
	cfg.PageSize = cmp.Or(cfg.PageSize, Unpaged)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

func (cfg Config) check() error {
	for _, d := range []time.Duration{cfg.ReadHeaderTimeout, cfg.ReadTimeout, cfg.WriteTimeout, cfg.IdleTimeout, cfg.ShutdownTimeout} {
		if d < 0 {
			return fmt.Errorf("emulator: negative timeout %s", d)
		}
	}
	if cfg.MaxConns < 0 || cfg.MaxHeaderBytes < 0 {
		return fmt.Errorf("emulator: negative connection or header limit")
	}
	return nil
}

// Run serves the emulator until ctx is done, then stops gracefully: it
// stops accepting, lets the requests in flight finish for up to
// ShutdownTimeout, and returns (the caller closes the store). It prints
// the listening address, the endpoint and the access key to stdout, with
// the secrets only when they were newly drawn; it logs start, stop and
// every failure on Logger.
func Run(ctx context.Context, cfg Config, stdout io.Writer) error {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return err
	}
	log := cfg.Logger
	st, state := cfg.Store, cfg.State
	if st == nil {
		st = store.NewMemory()
		defer st.Close()
	}
	if state == "" {
		state = "in memory"
	}
	src, err := loadSeedSource(cfg.SeedFile)
	if err != nil {
		return err
	}
	restoreGC := seedingGC(len(src.doc))
	prep, err := prepareStore(ctx, st, src, cfg.AccessKey, cfg.SecretKey)
	restoreGC()
	if err != nil {
		return err
	}
	// The parsed seed is garbage now (a reset parses it again): hand the
	// memory it took back to the system instead of holding it, as the
	// runtime would, for the life of a long-running emulator.
	src = seedSource{}
	debug.FreeOSMemory()
	key := prep.keys[0]
	listenHost, _, _ := net.SplitHostPort(cfg.Listen)
	srv, err := New(Options{
		Store: st, Auth: cfg.Auth, Skew: cfg.Skew, PageSize: cfg.PageSize, DefaultDetails: cfg.DefaultDetails,
		Logger: log, ControlToken: cfg.ControlToken, MaxBody: cfg.MaxBody, MaxDepth: cfg.MaxDepth,
		LogRequests: cfg.LogRequests, Console: cfg.Console, AllowedHosts: append(slices.Clone(cfg.AllowedHosts), listenHost),
		Anonymous: Caller{Customer: key.Customer, UserID: key.UserID},
		Reseed: func(ctx context.Context, st store.Store) error {
			sd, err := prep.reseed()
			if err != nil {
				return err
			}
			return seed.Load(ctx, keyRecorder{Store: st, keys: prep.keys, first: true, canon: prep.canon}, sd, &prep.keys[0])
		},
	})
	if err != nil {
		return err
	}
	if cfg.JobMode != "" {
		m, err := ParseJobMode(cfg.JobMode)
		if err != nil {
			return err
		}
		if err := srv.SetJobMode(ctx, "", m); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("emulator: listen on %s: %w", cfg.Listen, err)
	}
	base := "http://" + ln.Addr().String()
	printStart(stdout, srv, base, state, prep)
	paging := "off (every list whole)"
	if cfg.PageSize > 0 {
		paging = strconv.Itoa(cfg.PageSize) + " per page"
	}
	log.Info("emulator started", "listen", ln.Addr().String(), "auth", string(srv.opts.Auth), "state", state,
		"paging", paging, "logRequests", cfg.LogRequests)
	var handler http.Handler = srv
	if cfg.Wrap != nil {
		handler = cfg.Wrap(srv)
	}
	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(srv.Stop)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(newBoundedListener(ln, srv, cfg.MaxConns, cfg.MaxHeaderBytes)) }()
	select {
	case err := <-served:
		return fmt.Errorf("emulator: serve: %w", err)
	case <-ctx.Done():
	}
	return shutdown(ctx, hs, served, cfg.ShutdownTimeout, log)
}

// shutdown stops hs: no new connections, requests in flight finish within
// timeout, and those that do not are cut off (their transactions commit or
// roll back whole; an acknowledged write is never lost).
func shutdown(ctx context.Context, hs *http.Server, served <-chan error, timeout time.Duration, log *slog.Logger) error {
	started := time.Now()
	log.Info("emulator stopping: draining requests in flight", "timeout", timeout)
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := hs.Shutdown(drainCtx); err != nil {
		log.Warn("emulator stopping: requests still in flight after the timeout are cut off", "timeout", timeout, "err", err)
		_ = hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("emulator: serve: %w", err)
	}
	log.Info("emulator stopped", "after", time.Since(started).Round(time.Millisecond))
	return nil
}

// printStart prints the settings a client needs: the endpoint, the
// primary access key, and the secrets drawn by this start (shown only now).
func printStart(w io.Writer, srv *Server, base, state string, p *prepared) {
	key := p.keys[0]
	fmt.Fprintf(w, "mixcoatl emulator listening on %s%s (auth %s, state %s)\n", base, wire.BasePath, srv.opts.Auth, state)
	fmt.Fprintf(w, "DCM_ENDPOINT=%s%s/%s\n", base, wire.BasePath, srv.cat.DefaultVersion)
	if srv.console != nil {
		fmt.Fprintf(w, "web console: %s%s\n", base, consolePrefix)
	}
	if !p.generated[0] {
		fmt.Fprintf(w, "DCM_ACCESS_KEY=%s (secret as configured or as printed on first start)\n", key.AccessKey)
	} else {
		fmt.Fprintf(w, "DCM_ACCESS_KEY=%s\nDCM_SECRET_KEY=%s\n", key.AccessKey, key.SecretKey)
	}
	shown := p.generated[0]
	for i, k := range p.keys[1:] {
		if p.generated[i+1] {
			fmt.Fprintf(w, "customer %d (user %d): access key %s, secret key %s\n", k.Customer, k.UserID, k.AccessKey, k.SecretKey)
			shown = true
		}
	}
	if shown {
		fmt.Fprintln(w, "(new key pairs are shown only now; `mixcoatl emulator keys --data FILE` lists those of a state file)")
	}
}

// ParseJobMode reads a job mode flag: "immediate", "polls:N",
// "duration:5s" or "fail[:message]".
func ParseJobMode(s string) (engine.JobMode, error) {
	name, arg, hasArg := strings.Cut(strings.TrimSpace(s), ":")
	switch name {
	case "immediate":
		if hasArg {
			break
		}
		return engine.JobMode{Mode: name}, nil
	case "polls":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			return engine.JobMode{}, fmt.Errorf("invalid job mode %q: polls needs a count >= 1, e.g. polls:3", s)
		}
		return engine.JobMode{Mode: name, Polls: n}, nil
	case "duration":
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 {
			return engine.JobMode{}, fmt.Errorf("invalid job mode %q: duration needs a positive duration, e.g. duration:5s", s)
		}
		return engine.JobMode{Mode: name, Duration: d}, nil
	case "fail":
		return engine.JobMode{Mode: name, Message: arg}, nil
	}
	return engine.JobMode{}, fmt.Errorf("invalid job mode %q: want immediate, polls:N, duration:D or fail[:message]", s)
}
