package resolve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcmtest"
)

// requestsTo counts the requests the emulator logged for a path suffix.
func requestsTo(emu *dcmtest.Emulator, suffix string) int {
	n := 0
	for _, r := range emu.Server.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// Names of an unfiltered collection cost one listing for any number of
// ids, and nothing more while cached; an unknown id is remembered as such.
func TestNamesListOnceAndRemember(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	now := time.Date(2015, 6, 1, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Now: func() time.Time { return now }})
	ctx := context.Background()
	got := r.Names(ctx, "Region", []string{regionOregon, regionVirginia, "999"})
	if got[regionOregon] != "Oregon (us-west-2)" || got[regionVirginia] == "" || got["999"] != "" {
		t.Fatalf("names %v", got)
	}
	if n := len(emu.Server.Requests()); n != 1 {
		t.Fatalf("%d requests, want one listing", n)
	}
	// Another process, a moment later: the file answers, the unknown id too.
	now = now.Add(2 * time.Minute)
	again := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Now: func() time.Time { return now }})
	if got := again.Names(ctx, "Region", []string{regionOregon, "999"}); got[regionOregon] == "" {
		t.Fatalf("names %v", got)
	}
	if n := len(emu.Server.Requests()); n != 1 {
		t.Errorf("%d requests, want the cache to answer", n)
	}
	// After the TTL the collection is listed again.
	now = now.Add(2 * time.Hour)
	again.Names(ctx, "Region", []string{regionOregon})
	if n := len(emu.Server.Requests()); n != 2 {
		t.Errorf("%d requests after the TTL, want 2", n)
	}
}

// Data centres are listed only within a region, so their names cost one
// read per distinct id, once.
func TestNamesOfAScopedCollectionReadEachIDOnce(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: t.TempDir()})
	ctx := context.Background()
	ids := []string{dcUSWest2a, "64352", dcUSWest2a}
	got := r.Names(ctx, "DataCenter", ids)
	if got[dcUSWest2a] != "us-west-2a" || got["64352"] != "us-west-2b" {
		t.Fatalf("names %v", got)
	}
	if n := requestsTo(emu, "/geography/DataCenter/"+dcUSWest2a); n != 1 {
		t.Errorf("%d reads of %s, want 1", n, dcUSWest2a)
	}
	before := len(emu.Server.Requests())
	r.Names(ctx, "DataCenter", ids)
	if n := len(emu.Server.Requests()); n != before {
		t.Errorf("cached names made %d requests", n-before)
	}
}

// Choices answer from a listing younger than maxAge and list again after;
// the listing made to resolve a name serves them too.
func TestChoicesRefreshAtMostOncePerMaxAge(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	now := time.Date(2015, 6, 1, 12, 0, 0, 0, time.UTC)
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: t.TempDir(), Now: func() time.Time { return now }})
	ctx := context.Background()
	if _, err := r.Resolve(ctx, "Server", "web-01"); err != nil {
		t.Fatal(err)
	}
	listed := len(emu.Server.Requests())
	cs, err := r.Choices(ctx, "Server", resolve.ListingRefresh)
	if err != nil || len(cs) == 0 {
		t.Fatalf("choices %v, %v", cs, err)
	}
	if n := len(emu.Server.Requests()); n != listed {
		t.Errorf("choices right after a lookup made %d requests", n-listed)
	}
	found := false
	for _, c := range cs {
		found = found || (c.ID == "331810" && c.Name == "web-01")
	}
	if !found {
		t.Errorf("web-01 not among %v", cs)
	}
	now = now.Add(resolve.ListingRefresh)
	if _, err := r.Choices(ctx, "Server", resolve.ListingRefresh); err != nil {
		t.Fatal(err)
	}
	if n := len(emu.Server.Requests()); n != listed+1 {
		t.Errorf("a stale listing: %d requests, want one more", n-listed)
	}
	if _, err := r.Choices(ctx, "DataCenter", resolve.ListingRefresh); err == nil {
		t.Error("data centres without a region: no error")
	}
}

// Two --local state files share an endpoint and a key, not their caches.
func TestPartitionsKeepCachesApart(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	dir := t.TempDir()
	ctx := context.Background()
	a := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Partition: "a.db"})
	a.Names(ctx, "Region", []string{regionOregon})
	b := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Partition: "b.db"})
	b.Names(ctx, "Region", []string{regionOregon})
	if n := len(emu.Server.Requests()); n != 2 {
		t.Errorf("%d listings, want one per partition", n)
	}
}

// One id (a detail view's reference) is read by id, not by listing its
// whole collection.
func TestNamesOfOneIDReadIt(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: t.TempDir()})
	if got := r.Names(context.Background(), "Region", []string{regionOregon}); got[regionOregon] != "Oregon (us-west-2)" {
		t.Fatalf("names %v", got)
	}
	if n, one := len(emu.Server.Requests()), requestsTo(emu, "/geography/Region/"+regionOregon); n != 1 || one != 1 {
		t.Errorf("%d requests, %d reads of the region; want the one read", n, one)
	}
}

// A resolver reads its names file once: a table naming regions and then
// data centres decodes it one time, and what it read answers even if the
// file goes away. A change reads the file again, so what another process
// stored meanwhile is kept.
func TestNamesFileReadOnceChangeMerges(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *resolve.Resolver { return resolve.New(emu.Client(), resolve.Options{CacheDir: dir}) }
	requests := func() int { return len(emu.Server.Requests()) }

	early := open()
	if got := early.Names(ctx, "Region", []string{"999"}); len(got) != 0 { // reads the file before the other process writes
		t.Fatalf("names %v", got)
	}
	other := open()
	if got := other.Names(ctx, "Region", []string{regionOregon}); got[regionOregon] != "Oregon (us-west-2)" {
		t.Fatalf("names %v", got)
	}
	if got := early.Names(ctx, "DataCenter", []string{dcUSWest2a}); got[dcUSWest2a] != "us-west-2a" {
		t.Fatalf("names %v", got)
	}

	before := requests()
	reader := open()
	if got := reader.Names(ctx, "Region", []string{regionOregon}); got[regionOregon] != "Oregon (us-west-2)" {
		t.Fatalf("the other process's listing was lost: names %v", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	if got := reader.Names(ctx, "DataCenter", []string{dcUSWest2a}); got[dcUSWest2a] != "us-west-2a" {
		t.Fatalf("the data centre stored by a change was lost, or the file read again: names %v", got)
	}
	if n := requests() - before; n != 0 {
		t.Errorf("%d requests, want the one read of the file to answer both", n)
	}
}
