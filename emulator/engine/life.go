package engine

import (
	"context"
	"encoding/json"
	"sort"
	"time"

	"github.com/mixcoatl/mixcoatl/wire"
)

// A server's life: the intervals in which it ran, which analytics are
// derived from. Each job that brings a server up (launch, start) opens an
// interval at the moment it completes and each that brings it down (stop,
// pause, terminate) closes it; they are kept in the record's private state
// under lifeKey as [[fromMs, toMs], …] (toMs 0 while running). A server the
// engine has not seen change (seeded) has its life read from its
// timestamps: up from startDate (or its last boot) and, unless running,
// down at its last pause, termination or stop date.

const lifeKey = "life"

// span is one running interval in epoch milliseconds; to 0 = still running.
type span struct{ from, to int64 }

// lifeUp is a finish hook: the server is running from now.
func lifeUp(_ context.Context, ev *env, it *item, _ map[string]any) error {
	spans := storedLife(it)
	if n := len(spans); n > 0 && spans[n-1].to == 0 {
		return nil // already up
	}
	setLife(it, append(spans, span{from: ev.now.UnixMilli()}))
	return nil
}

// lifeDown is a finish hook: the server stopped running now.
func lifeDown(_ context.Context, ev *env, it *item, _ map[string]any) error {
	spans := storedLife(it)
	if n := len(spans); n > 0 && spans[n-1].to == 0 {
		spans[n-1].to = ev.now.UnixMilli()
		setLife(it, spans)
	}
	return nil
}

// chain runs finish hooks in order (nil ones skipped).
func chain(fs ...func(context.Context, *env, *item, map[string]any) error) func(context.Context, *env, *item, map[string]any) error {
	return func(ctx context.Context, ev *env, it *item, args map[string]any) error {
		for _, f := range fs {
			if f == nil {
				continue
			}
			if err := f(ctx, ev, it, args); err != nil {
				return err
			}
		}
		return nil
	}
}

func storedLife(it *item) []span {
	raw, ok := it.internal[lifeKey].([]any)
	if !ok {
		return nil
	}
	out := make([]span, 0, len(raw))
	for _, x := range raw {
		pair, ok := x.([]any)
		if !ok || len(pair) != 2 {
			continue
		}
		from, ok1 := asInt(pair[0])
		to, ok2 := asInt(pair[1])
		if ok1 && ok2 {
			out = append(out, span{from, to})
		}
	}
	return out
}

func setLife(it *item, spans []span) {
	raw := make([]any, len(spans))
	for i, s := range spans {
		raw[i] = []any{json.Number(idKey(s.from)), json.Number(idKey(s.to))}
	}
	it.internal[lifeKey] = raw
}

// lifeOf returns the server's running intervals, oldest first, closed
// where the server is not running now (a pause a schedule fired closes the
// last one at the recorded pause time).
func lifeOf(it *item) []span {
	spans := storedLife(it)
	if len(spans) == 0 {
		spans = lifeFromTimestamps(it.data)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	if n := len(spans); n > 0 && spans[n-1].to == 0 && statusOf(it.data) != "RUNNING" {
		end := downAt(it.data)
		if end < spans[n-1].from {
			end = spans[n-1].from
		}
		spans[n-1].to = end
	}
	return spans
}

// lifeFromTimestamps reads one interval from a record's timestamps.
func lifeFromTimestamps(d map[string]any) []span {
	from := stampOf(d, "startDate")
	if from == 0 {
		from = stampOf(d, "lastBootTimestamp")
	}
	if from == 0 {
		return nil
	}
	s := span{from: from}
	if statusOf(d) != "RUNNING" {
		s.to = max(downAt(d), from)
	}
	return []span{s}
}

// downAt is when a server that is not running went down: its last pause,
// termination or stop, whichever is latest.
func downAt(d map[string]any) int64 {
	return max(stampOf(d, "lastPauseTimestamp"), stampOf(d, "terminationTimestamp"), stampOf(d, "stopDate"))
}

// stampOf reads a wire timestamp as epoch milliseconds (0 when absent).
func stampOf(d map[string]any, name string) int64 {
	s, ok := d[name].(string)
	if !ok {
		return 0
	}
	t, err := time.Parse(wire.TimestampLayout, s)
	if err != nil {
		return 0
	}
	return t.UnixMilli()
}

// runningIn is how many milliseconds of [from, to) the spans cover; an
// open span runs until until.
func runningIn(spans []span, from, to, until int64) int64 {
	var n int64
	for _, s := range spans {
		end := s.to
		if end == 0 {
			end = until
		}
		if lo, hi := max(s.from, from), min(end, to); hi > lo {
			n += hi - lo
		}
	}
	return n
}
