package store

import "time"

// Option configures a store constructor.
type Option func(*config)

type config struct {
	now         func() time.Time
	fullSync    bool
	busyTimeout time.Duration
}

func newConfig(opts []Option) config {
	c := config{now: time.Now, busyTimeout: 10 * time.Second}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithClock sets the clock used for Created/Updated when a Put leaves them
// zero (time.Now by default). Tests pass a controllable clock.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithFullSync makes the SQLite store fsync on every commit
// (synchronous=FULL), so committed writes also survive power loss, at the
// cost of an fsync per Update. Without it (synchronous=NORMAL) commits
// survive any crash of the process, which is what an emulator needs. The
// memory store ignores it.
func WithFullSync() Option { return func(c *config) { c.fullSync = true } }

// WithBusyTimeout sets how long the SQLite store waits for another process
// holding the database lock before failing (10s by default). The memory
// store ignores it.
func WithBusyTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.busyTimeout = d
		}
	}
}
