package sdk

// Presence records which members a model's wire object had, and which of
// them were null, so that a model read from the API writes back what it
// read: a member that was present is encoded even when its value is zero
// (false, 0, "", an empty list) and as null when it was null and its field
// still holds the zero value. Without it, read-modify-write and export lost
// encrypted:false, agentVersion:0 and the like.
//
// A model built in code has an empty Presence and omits its zero fields.
// Fields are numbered by their order in the model (the generated code does
// the numbering); a model has at most MaxFields of them.
type Presence struct{ set, null [presenceWords]uint64 }

const presenceWords = 2

// MaxFields is the most fields a Presence can track; the generator refuses
// a resource with more.
const MaxFields = 64 * presenceWords

// Mark records field i as present, null or not. A later Mark of the same
// field wins, as the last of duplicate members does when decoding.
func (p *Presence) Mark(i int, null bool) {
	w, bit := i/64, uint64(1)<<(i%64)
	p.set[w] |= bit
	if null {
		p.null[w] |= bit
	} else {
		p.null[w] &^= bit
	}
}

// Merge adds q's fields to p; for a field in both, q's nullness wins (q
// was decoded later).
func (p *Presence) Merge(q Presence) {
	for w := range p.set {
		p.null[w] = p.null[w]&^q.set[w] | q.null[w]
		p.set[w] |= q.set[w]
	}
}

// Has reports whether field i was present.
func (p Presence) Has(i int) bool { return p.set[i/64]&(1<<(i%64)) != 0 }

// Null reports whether field i was present as null.
func (p Presence) Null(i int) bool { return p.null[i/64]&(1<<(i%64)) != 0 }

// IsZero reports an empty Presence (a model built in code).
func (p Presence) IsZero() bool { return p == Presence{} }
