package store

import (
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// Option configures a store constructor: this package's WithClock applies
// to every store, the SQLite store's own options (sqlite.WithFullSync,
// sqlite.WithBusyTimeout) to that store only.
type Option func(*base.Config)

// WithClock sets the clock used for Created/Updated when a Put leaves them
// zero (time.Now by default). Tests pass a controllable clock.
func WithClock(now func() time.Time) Option {
	return func(c *base.Config) {
		if now != nil {
			c.Now = now
		}
	}
}
