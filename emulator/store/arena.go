package store

// arena hands out the memory of one Update's nodes and record bytes. A
// small Update (an API write) allocates each on its own. Once an Update has
// stored more than bulkBytes of records or bulkNodes nodes (a seed, an
// import), the rest come out of chunks: a bulk load then keeps its records
// in few large allocations, apart from whatever garbage the caller made
// meanwhile, so what the collector frees afterwards is whole spans that
// the runtime returns to the system instead of half-empty ones it keeps.
//
// The price of a chunk: it stays allocated while anything carved from it
// lives. A record a later Update replaces or deletes leaves its old bytes
// in its chunk until the chunk's last record goes, so a bulk-loaded store
// holds at most its bulk-loaded bytes plus what was written since; no
// more than the per-record allocations would hold right after the load.
type arena struct {
	written int    // record bytes this Update stored
	nodes   int    // nodes this Update allocated
	bytes   []byte // the unused rest of the current chunk
	slab    []node // the unused rest of the current node slab
}

const (
	bulkBytes  = 256 << 10 // record bytes an Update allocates one by one
	bulkNodes  = 2048      // nodes an Update allocates one by one
	chunkBytes = 256 << 10 // a chunk of record bytes (a large object: its own span)
	slabNodes  = 512       // nodes per slab (64 KiB)
)

// node returns a zero node.
func (a *arena) node() *node {
	a.nodes++
	if a.nodes <= bulkNodes {
		return new(node)
	}
	if len(a.slab) == 0 {
		a.slab = make([]node, slabNodes)
	}
	n := &a.slab[0]
	a.slab = a.slab[1:]
	return n
}

// alloc returns n bytes, capacity n (an append never reaches a neighbour).
func (a *arena) alloc(n int) []byte {
	a.written += n
	if a.written <= bulkBytes || n > chunkBytes/4 {
		return make([]byte, n)
	}
	if len(a.bytes) < n {
		a.bytes = make([]byte, chunkBytes)
	}
	b := a.bytes[:n:n]
	a.bytes = a.bytes[n:]
	return b
}
