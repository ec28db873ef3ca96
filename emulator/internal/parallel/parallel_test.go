package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestForCallsEachIndexOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, n := range []int{0, 1, 3, 1000} {
		calls := make([]atomic.Int32, n)
		For(n, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d called %d times", n, i, c)
			}
		}
	}
}

func TestForRaisesAPanicInTheCaller(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var done atomic.Int32
	defer func() {
		if v := recover(); v != "boom at 500" {
			t.Errorf("recovered %v", v)
		}
		if d := done.Load(); d < 1 {
			t.Errorf("%d other calls ran", d)
		}
	}()
	For(1000, func(i int) {
		if i == 500 {
			panic("boom at 500")
		}
		done.Add(1)
	})
	t.Error("For returned after a panic")
}
