package sqlite

import (
	"context"
	"database/sql"
)

// WAL checkpoints off the writer's path.
//
// In WAL mode a commit appends pages to the WAL file; a checkpoint copies
// them back into the database file (and, at synchronous NORMAL, fsyncs
// both), after which the WAL starts over. SQLite's automatic checkpoint
// runs inside the COMMIT that brings the WAL past wal_autocheckpoint
// pages, on the committing connection: here the writer, while it holds
// the Batcher's turn, so every Update queued behind it waited for the
// copy and the fsyncs, several milliseconds every thousand pages, about
// half of what COMMITs cost a steady stream of launches.
//
// So this process's writes are checkpointed by a goroutine of their own,
// on a reader connection (a checkpoint changes no data; query_only allows
// it), while the writer goes on: every checkpointEvery COMMITs of the
// writer it asks for a PASSIVE checkpoint, which copies what readers no
// longer need without waiting for or blocking anyone. Nothing about what
// a commit guarantees changes: a commit is durable once in the WAL
// (crash recovery replays it), whoever copies it later. The writer keeps
// an automatic checkpoint as a backstop (writerAutoCheckpoint pages): a
// checkpoint that runs while the writer appends never finds the whole WAL
// copied, and only one that does lets the WAL start over, so the backstop
// is what bounds the file; by the time it runs, the goroutine has copied
// nearly everything, and it has little left to do.
const (
	checkpointEvery      = 64
	writerAutoCheckpoint = 4000
)

// checkpointer runs the PASSIVE checkpoints the writer asks for.
type checkpointer struct {
	db *sql.DB
	// commits counts the writer's COMMITs since it last asked; only the
	// Update holding the Batcher's turn touches it.
	commits int
	kick    chan struct{} // a checkpoint is wanted; holds at most one
	stop    context.CancelFunc
	done    chan struct{}
	// ran, when set (tests), is told of each checkpoint's outcome.
	ran func(error)
}

// startCheckpointer starts the goroutine checkpointing through db.
func startCheckpointer(db *sql.DB, ran func(error)) *checkpointer {
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{}), ran: ran}
	go c.run(ctx)
	return c
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		// A failure (SQLITE_BUSY while another process checkpoints, a
		// closing store) loses nothing: the WAL keeps the pages, and the
		// next checkpoint, or the writer's backstop, copies them.
		var busy, frames, copied int64
		err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
		if c.ran != nil {
			c.ran(err)
		}
	}
}

// committed notes a COMMIT of the writer, asking for a checkpoint every
// checkpointEvery of them; it never waits.
func (c *checkpointer) committed() {
	if c.commits++; c.commits < checkpointEvery {
		return
	}
	c.commits = 0
	select {
	case c.kick <- struct{}{}:
	default: // one is asked for already
	}
}

// close stops the goroutine, interrupting a checkpoint in progress, and
// waits for it.
func (c *checkpointer) close() {
	c.stop()
	<-c.done
}
