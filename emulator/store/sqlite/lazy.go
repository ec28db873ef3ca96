package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/internal/sqlstore"
)

// lazyWriter is the writer connection as the Batcher's sqlstore.WriteConn,
// pinned on its first use rather than at Open: a process that only reads
// (a `mixcoatl --local` list or get) never opens it, and saves the
// connection's open, pragmas and schema read, and its close.
//
// No lock guards it: only the Update holding the Batcher's turn calls its
// methods (the turn is handed over through a channel, so each holder sees
// what the previous one did), Open's migrate runs before the Batcher
// exists, and Close runs after Batcher.Close has waited for the last
// Update. A failed open leaves it unopened, so the next Update tries again;
// its error reaches the caller as the Batcher's "begin update" failure,
// which names the file.
type lazyWriter struct {
	pin func(context.Context) (pinnedWriter, error)
	w   pinnedWriter
	ok  bool // w is pinned
	// checkpoints is the database the writer's checkpoints run on
	// (checkpoint.go), ckpt their goroutine, started with the pin;
	// checkpointRan is passed on to it (tests).
	checkpoints   *sql.DB
	ckpt          *checkpointer
	checkpointRan func(error)
}

// pinnedWriter is the pinned writer connection (writer.go). It watches
// other connections' commits, so the Batcher keeps kind generations; the
// lazyWriter must pass that on, or the Batcher would see no watcher.
type pinnedWriter interface {
	sqlstore.WriteConn
	sqlstore.CommitWatcher
	close() error
}

// newLazyWriter pins db's only connection on first use; its checkpoints
// run on a connection of readers.
func newLazyWriter(db, readers *sql.DB) *lazyWriter {
	return &lazyWriter{
		pin:         func(ctx context.Context) (pinnedWriter, error) { return newWriteConn(ctx, db) },
		checkpoints: readers,
	}
}

// open pins the connection if not done yet.
func (l *lazyWriter) open(ctx context.Context) error {
	if l.ok {
		return nil
	}
	w, err := l.pin(ctx)
	if err != nil {
		return err
	}
	l.w, l.ok = w, true
	if l.checkpoints != nil {
		l.ckpt = startCheckpointer(l.checkpoints, l.checkpointRan)
	}
	return nil
}

// Begin pins the connection on the first write, then begins (writer.go).
func (l *lazyWriter) Begin(ctx context.Context) error {
	if err := l.open(ctx); err != nil {
		return err
	}
	return l.w.Begin(ctx)
}

// errNoWriter is what a statement outside a write transaction meets; the
// Batcher never runs one.
var errNoWriter = errors.New("store: no write transaction")

func (l *lazyWriter) QueryRow(ctx context.Context, text string, args ...any) sqlstore.RowScanner {
	if !l.ok {
		return errRow{errNoWriter}
	}
	return l.w.QueryRow(ctx, text, args...)
}

func (l *lazyWriter) Exec(ctx context.Context, text string, args ...any) (int64, error) {
	if !l.ok {
		return 0, errNoWriter
	}
	return l.w.Exec(ctx, text, args...)
}

func (l *lazyWriter) Scan(ctx context.Context, s *sqlstore.Store, text string, args []any, kind string, limit int, fn func(store.Record) bool) (int, bool, error) {
	if !l.ok {
		return 0, false, s.Fail("scan", errNoWriter)
	}
	return l.w.Scan(ctx, s, text, args, kind, limit, fn)
}

// OthersCommitted implements sqlstore.CommitWatcher; the Batcher asks only
// after Begin, which pinned the connection.
func (l *lazyWriter) OthersCommitted(ctx context.Context) (bool, error) {
	if !l.ok {
		return true, errNoWriter
	}
	return l.w.OthersCommitted(ctx)
}

func (l *lazyWriter) Commit(ctx context.Context) error {
	if !l.ok {
		return errNoWriter
	}
	if err := l.w.Commit(ctx); err != nil {
		return err
	}
	if l.ckpt != nil {
		l.ckpt.committed()
	}
	return nil
}

// Rollback of a connection never pinned has nothing to undo (a Begin that
// failed to pin it is followed by one).
func (l *lazyWriter) Rollback(ctx context.Context) error {
	if !l.ok {
		return nil
	}
	return l.w.Rollback(ctx)
}

// close closes the pinned connection, if any (before the database).
func (l *lazyWriter) close() error {
	if !l.ok {
		return nil
	}
	l.ok = false
	if l.ckpt != nil {
		l.ckpt.close()
		l.ckpt = nil
	}
	return l.w.close()
}
