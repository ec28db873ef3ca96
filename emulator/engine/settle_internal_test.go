package engine

import "testing"

// dueRange's bound sorts after the index id of every event due at now
// and before that of every event due later.
func TestDueRangeBoundsTheDueEvents(t *testing.T) {
	for _, now := range []int64{0, 1, 9, 10, 1767225600000, 99999999999999999} {
		after, before := dueRange(now)
		for _, due := range []int64{now - 1, now, now + 1, now + 2} {
			id := pending{Type: "job", ID: "42", Due: due}.indexID()
			if inside := id > after && id < before; inside != (due <= now) {
				t.Errorf("now %d: event due %d (%s) inside (%q, %q) = %v", now, due, id, after, before, inside)
			}
		}
	}
}
