// Package parallel runs independent pieces of work on every CPU: seeding
// a big seed is mostly decoding, checking and re-encoding records, and
// each record's is its own.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i in [0, n) on up to GOMAXPROCS goroutines, the
// caller's among them, and returns when every call has returned. The calls
// run in no particular order and at the same time: f(i) must only write
// what belongs to i. A panic in any call is raised again in the caller once
// the others have returned, as if f had run there.
func For(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var (
		next     atomic.Int64
		panicked atomic.Pointer[any]
		wg       sync.WaitGroup
	)
	work := func() {
		defer func() {
			if v := recover(); v != nil {
				panicked.CompareAndSwap(nil, &v)
			}
		}()
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			f(i)
		}
	}
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if v := panicked.Load(); v != nil {
		panic(*v)
	}
}
