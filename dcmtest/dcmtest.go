// Package dcmtest runs the enStratus emulator inside a Go test, without
// sockets: a memory store seeded with the default seed, an in-process
// http.RoundTripper, and a dcm.Config holding the seeded key pair.
//
//	emu := dcmtest.New(t)
//	client := emu.Client()
//	resp, err := client.Get(ctx, "geography/Cloud", nil)
//
// Each call to New builds an independent emulator, so tests can run in
// parallel; it is torn down with t.Cleanup. Start is the same without a
// test, for examples and programs. Jobs progress as the emulator's do (a
// launch completes at the second poll of its job); WithImmediateJobs
// finishes them at once:
//
//	emu := dcmtest.New(t, dcmtest.WithImmediateJobs())
//
// The emulator logs every request (emu.Server.Requests()), which is how a
// test counts what a piece of code asked for.
package dcmtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// BaseURL is the made-up host of the in-process emulator.
const BaseURL = "http://emulator.test"

// Emulator is one in-process emulator.
type Emulator struct {
	Server    *emulator.Server  // control: faults, request log, job modes, reset
	Store     store.Store       // the memory store behind it
	Transport http.RoundTripper // calls Server directly; safe for concurrent use
	Config    dcm.Config        // endpoint and the seeded customer's key pair
	clock     func() time.Time
	t         testing.TB // nil for an emulator from Start
}

type options struct {
	server   emulator.Options
	seed     *seed.Seed
	seedDoc  []byte
	jobModes []scopedJobMode
}

type scopedJobMode struct {
	scope string
	mode  engine.JobMode
}

// Option adjusts the emulator.
type Option func(*options)

// WithAuth sets the authentication mode (strict by default).
func WithAuth(m emulator.AuthMode) Option { return func(o *options) { o.server.Auth = m } }

// WithClock makes the emulator (signature window, jobs) and the clients from
// Client use now instead of time.Now.
func WithClock(now func() time.Time) Option { return func(o *options) { o.server.Clock = now } }

// WithPageSize sets the longest list answered in one page.
func WithPageSize(n int) Option { return func(o *options) { o.server.PageSize = n } }

// WithSeed loads s instead of the default seed; the first customer's key is
// the one in Config.
func WithSeed(s *seed.Seed) Option { return func(o *options) { o.seed = s } }

// WithSeedJSON is WithSeed for a seed document; New fails the test (Start
// returns an error) when it does not parse.
func WithSeedJSON(doc []byte) Option { return func(o *options) { o.seedDoc = doc } }

// WithCatalog serves cat (a copy of the catalogue with resources of your
// own, say) instead of the embedded one; a seed document given with
// WithSeedJSON is read against it, so it may hold those resources too.
func WithCatalog(cat *catalog.Catalog) Option { return func(o *options) { o.server.Catalog = cat } }

// WithJobMode sets how jobs progress for a scope ("" for all, a resource
// name or "Resource.verb"), as Server.SetJobMode does after start; e.g.
// engine.JobMode{Mode: "immediate"} finishes every job before its 202.
func WithJobMode(scope string, m engine.JobMode) Option {
	return func(o *options) { o.jobModes = append(o.jobModes, scopedJobMode{scope, m}) }
}

// WithImmediateJobs finishes every job before its 202 is answered: a
// launch, an attach or a delete is done when the call returns, and waiting
// for its job returns at the first poll. It is WithJobMode("", immediate)
// without importing the emulator's engine.
func WithImmediateJobs() Option {
	return WithJobMode("", engine.JobMode{Mode: "immediate"})
}

// WithServerOptions edits the emulator options directly (Store is set by
// New and must be left alone).
func WithServerOptions(edit func(*emulator.Options)) Option {
	return func(o *options) { edit(&o.server) }
}

// New starts an in-process emulator for the test; it is torn down with
// t.Cleanup and any setup problem fails the test.
func New(t testing.TB, opts ...Option) *Emulator {
	t.Helper()
	e, stop, err := start(opts)
	if err != nil {
		t.Fatalf("dcmtest: %v", err)
	}
	t.Cleanup(stop)
	e.t = t
	return e
}

// Start starts an in-process emulator outside a test — in an example, a
// benchmark harness or a program — and returns it with the function that
// releases it. It is New without a *testing.T: setup problems are
// returned, and Client panics on options dcm.New rejects.
//
//	emu, stop, err := dcmtest.Start(dcmtest.WithJobMode("", engine.JobMode{Mode: "immediate"}))
//	if err != nil { … }
//	defer stop()
func Start(opts ...Option) (*Emulator, func(), error) {
	e, stop, err := start(opts)
	if err != nil {
		return nil, nil, fmt.Errorf("dcmtest: %w", err)
	}
	return e, stop, nil
}

// start builds the emulator; the caller owns stop.
func start(opts []Option) (e *Emulator, stop func(), err error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	sd := o.seed
	if o.seedDoc != nil {
		cat := o.server.Catalog
		if cat == nil {
			cat = catalog.Load()
		}
		if sd, err = seed.ParseFor(cat, o.seedDoc); err != nil {
			return nil, nil, err
		}
	}
	if sd == nil {
		sd = seed.Default()
	}
	if len(sd.Customers) == 0 {
		return nil, nil, errors.New("the seed has no customer, so there is no key pair to sign with")
	}
	first := sd.Customers[0]
	st := store.NewMemory()
	release := func() { _ = st.Close() }
	defer func() {
		if err != nil {
			release()
		}
	}()
	ctx := context.Background()
	if err := emulator.SeedStore(ctx, st, sd); err != nil {
		return nil, nil, fmt.Errorf("load the seed: %w", err)
	}
	so := o.server
	so.Store = st
	so.Anonymous = emulator.Caller{Customer: first.CustomerID, UserID: first.APIKey.UserID}
	if so.Reseed == nil {
		so.Reseed = func(ctx context.Context, st store.Store) error { return emulator.SeedStore(ctx, st, sd) }
	}
	srv, err := emulator.New(so)
	if err != nil {
		return nil, nil, err
	}
	for _, jm := range o.jobModes {
		if err := srv.SetJobMode(ctx, jm.scope, jm.mode); err != nil {
			return nil, nil, fmt.Errorf("job mode %q: %w", jm.scope, err)
		}
	}
	v := srv.Catalog().DefaultVersion
	return &Emulator{
		Server:    srv,
		Store:     st,
		Transport: srv.RoundTripper(),
		Config: dcm.Config{
			AccessKey: first.APIKey.AccessKey, SecretKey: first.APIKey.SecretKey,
			Endpoint:   BaseURL + dcm.APIBasePath + "/" + v,
			APIVersion: v, Source: "dcmtest",
		},
		clock: so.Clock,
	}, release, nil
}

// Client returns a signed client wired to the emulator; opts come after the
// emulator's transport (and clock), so they may override them. Options that
// dcm.New rejects fail the test (panic for an emulator from Start).
func (e *Emulator) Client(opts ...dcm.Option) *dcm.Client {
	base := []dcm.Option{dcm.WithTransport(e.Transport)}
	if e.clock != nil {
		base = append(base, dcm.WithClock(e.clock))
	}
	c, err := dcm.New(e.Config, append(base, opts...)...)
	if err != nil {
		if e.t == nil {
			panic("dcmtest: client options rejected: " + err.Error())
		}
		e.t.Fatalf("dcmtest: client options rejected: %v", err)
	}
	return c
}

// HTTPClient returns a plain *http.Client over the in-process transport, for
// raw requests (which must be signed by the caller unless auth is off).
func (e *Emulator) HTTPClient() *http.Client { return &http.Client{Transport: e.Transport} }
