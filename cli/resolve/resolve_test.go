package resolve_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcmtest"
)

// Ids of the default seed.
const (
	regionOregon   = "19344" // providerId us-west-2, name "Oregon (us-west-2)"
	dcUSWest2a     = "64351" // providerId and name us-west-2a, in Oregon
	regionVirginia = "19342"
)

func TestResolveIDPassesThroughWithoutRequest(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: t.TempDir()})
	id, err := r.Resolve(context.Background(), "Region", " 19344 ")
	if err != nil || id != "19344" {
		t.Fatalf("Resolve = %q, %v; want 19344", id, err)
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Errorf("an id made %d requests, want none", n)
	}
}

func TestResolveByProviderIDAndName(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{})
	ctx := context.Background()
	for _, tc := range []struct{ resource, text, want string }{
		{"Region", "us-west-2", regionOregon},
		{"Region", "US-WEST-2", regionOregon},
		{"Region", "Oregon (us-west-2)", regionOregon},
		{"geography/Region", "virginia (US-EAST-1)", regionVirginia},
	} {
		got, err := r.Resolve(ctx, tc.resource, tc.text)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%s, %q) = %q, %v; want %q", tc.resource, tc.text, got, err, tc.want)
		}
	}
}

func TestResolveDataCenterNeedsRegion(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	ctx := context.Background()
	_, err := resolve.New(emu.Client(), resolve.Options{}).Resolve(ctx, "DataCenter", "us-west-2a")
	var se *resolve.ScopeError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "--datacenter us-west-2a needs --region") {
		t.Fatalf("err = %v, want a ScopeError saying --datacenter needs --region", err)
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Errorf("a scope error made %d requests", n)
	}
	r := resolve.New(emu.Client(), resolve.Options{Scope: map[string]string{"regionId": regionOregon}})
	got, err := r.Resolve(ctx, "DataCenter", "us-west-2a")
	if err != nil || got != dcUSWest2a {
		t.Fatalf("Resolve = %q, %v; want %s", got, err, dcUSWest2a)
	}
	reqs := emu.Server.Requests()
	if len(reqs) == 0 || !strings.Contains(reqs[0].Query, "regionId="+regionOregon) {
		t.Errorf("requests = %+v, want a list filtered by regionId", reqs)
	}
}

func TestResolveProductNeedsRegion(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	ctx := context.Background()
	_, err := resolve.New(emu.Client(), resolve.Options{}).Resolve(ctx, "ServerProduct", "m1.large")
	if err == nil || !strings.Contains(err.Error(), "--product m1.large needs --region") {
		t.Fatalf("err = %v, want --product needs --region", err)
	}
	r := resolve.New(emu.Client(), resolve.Options{Scope: map[string]string{"regionId": regionOregon}})
	id, err := r.Resolve(ctx, "ServerProduct", "m1.large")
	if err != nil || id == "" || id == "m1.large" {
		t.Fatalf("Resolve(ServerProduct, m1.large) = %q, %v", id, err)
	}
}

func TestResolveNotFound(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	_, err := resolve.New(emu.Client(), resolve.Options{}).Resolve(context.Background(), "Region", "mars-north-1")
	var nf *resolve.NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("err = %v, want a NotFoundError", err)
	}
	for _, want := range []string{"Region", "providerId", "name", `"mars-north-1"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %s", err, want)
		}
	}
}

// groupsSeed has three groups whose names differ only by case.
const groupsSeed = `{
 "global": {
  "Cloud": [{"cloudId": 1, "name": "Amazon Web Services"}],
  "Region": [{"regionId": 10, "name": "Oregon (us-west-2)", "providerId": "us-west-2", "cloud": {"cloudId": 1}}]
 },
 "customers": [
  {"customerId": 5, "apiKey": {"accessKey": "AAAA", "secretKey": "sss", "userId": 7},
   "resources": {
    "User": [{"userId": 7, "givenName": "Jane"}],
    "Group": [{"groupId": 1, "name": "Dev"}, {"groupId": 2, "name": "dev"}, {"groupId": 3, "name": "dev"}, {"groupId": 4, "name": "Ops"}]
   }}
 ]
}`

func TestResolveExactBeatsCaseInsensitiveAndAmbiguity(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t, dcmtest.WithSeedJSON([]byte(groupsSeed)))
	r := resolve.New(emu.Client(), resolve.Options{})
	ctx := context.Background()
	if id, err := r.Resolve(ctx, "Group", "Dev"); err != nil || id != "1" {
		t.Errorf("Resolve(Dev) = %q, %v; want the exact match 1", id, err)
	}
	if id, err := r.Resolve(ctx, "Group", "OPS"); err != nil || id != "4" {
		t.Errorf("Resolve(OPS) = %q, %v; want 4", id, err)
	}
	for text, want := range map[string][]string{"dev": {"2", "3"}, "DEV": {"1", "2", "3"}} {
		_, err := r.Resolve(ctx, "Group", text)
		var amb *resolve.AmbiguousError
		if !errors.As(err, &amb) {
			t.Errorf("Resolve(%s) err = %v, want AmbiguousError", text, err)
			continue
		}
		var ids []string
		for _, c := range amb.Candidates {
			ids = append(ids, c.ID)
		}
		if strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Errorf("Resolve(%s) candidates = %v, want %v", text, ids, want)
		}
		if !strings.Contains(err.Error(), "2 (dev)") {
			t.Errorf("message %q does not list the candidates with their names", err)
		}
	}
}

func TestResolveCacheAvoidsSecondLookupAndExpires(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	dir := filepath.Join(t.TempDir(), "cache")
	now := time.Date(2015, 6, 1, 12, 0, 0, 0, time.UTC)
	opts := resolve.Options{CacheDir: dir, TTL: time.Hour, Now: func() time.Time { return now }}
	ctx := context.Background()
	resolveOregon := func() {
		t.Helper()
		// A fresh Resolver each time: the cache must live on disk.
		if id, err := resolve.New(emu.Client(), opts).Resolve(ctx, "Region", "us-west-2"); err != nil || id != regionOregon {
			t.Fatalf("Resolve = %q, %v", id, err)
		}
	}
	resolveOregon()
	first := len(emu.Server.Requests())
	if first == 0 {
		t.Fatal("the first lookup made no request")
	}
	resolveOregon()
	if n := len(emu.Server.Requests()); n != first {
		t.Errorf("the cached lookup made %d more requests", n-first)
	}
	now = now.Add(59 * time.Minute)
	resolveOregon()
	if n := len(emu.Server.Requests()); n != first {
		t.Errorf("a 59-minute-old entry was not used (%d more requests)", n-first)
	}
	now = now.Add(2 * time.Minute)
	resolveOregon()
	if n := len(emu.Server.Requests()); n != 2*first {
		t.Errorf("an expired entry: %d requests in all, want %d", n, 2*first)
	}
}

func TestResolveCacheFilePrivateAndWithoutSecret(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	dir := filepath.Join(t.TempDir(), "cache")
	if _, err := resolve.New(emu.Client(), resolve.Options{CacheDir: dir}).Resolve(context.Background(), "Region", "us-west-2"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("cache dir: %v, %v; want mode 0700", st.Mode().Perm(), err)
	}
	// One file of resolved names, one of listings (for names in tables
	// and completion).
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Fatalf("cache files = %v, want two", files)
	}
	for _, file := range files {
		st, err := os.Stat(file)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("cache file mode %v, %v; want 0600", st.Mode().Perm(), err)
		}
		b, _ := os.ReadFile(file)
		cfg := emu.Config
		for _, secret := range []string{cfg.SecretKey, cfg.AccessKey} {
			if strings.Contains(string(b), secret) || strings.Contains(file, secret) {
				t.Errorf("the cache file %s or its name holds a key", file)
			}
		}
	}
}

func TestResolveCorruptCacheIsRewritten(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	dir := t.TempDir()
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: dir})
	ctx := context.Background()
	if _, err := r.Resolve(ctx, "Region", "us-west-2"); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "resolve-*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files = %v", files)
	}
	if err := os.WriteFile(files[0], []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(emu.Server.Requests())
	if id, err := r.Resolve(ctx, "Region", "us-west-2"); err != nil || id != regionOregon {
		t.Fatalf("with a corrupt cache: %q, %v", id, err)
	}
	if len(emu.Server.Requests()) == before {
		t.Error("a corrupt cache answered without a lookup")
	}
	before = len(emu.Server.Requests())
	if _, err := r.Resolve(ctx, "Region", "us-west-2"); err != nil {
		t.Fatal(err)
	}
	if len(emu.Server.Requests()) != before {
		t.Error("the corrupt cache file was not rewritten")
	}
}

func TestResolveForgetLooksUpAgain(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{CacheDir: t.TempDir(), Scope: map[string]string{"regionId": regionOregon}})
	ctx := context.Background()
	if _, err := r.Resolve(ctx, "DataCenter", "us-west-2a"); err != nil {
		t.Fatal(err)
	}
	before := len(emu.Server.Requests())
	if err := r.Forget("DataCenter", "us-west-2a"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve(ctx, "DataCenter", "us-west-2a"); err != nil {
		t.Fatal(err)
	}
	if len(emu.Server.Requests()) == before {
		t.Error("after Forget the name was not looked up again")
	}
}

func TestResolveCacheKeyedByScope(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	dir := t.TempDir()
	ctx := context.Background()
	west := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Scope: map[string]string{"regionId": regionOregon}})
	if _, err := west.Resolve(ctx, "DataCenter", "us-west-2a"); err != nil {
		t.Fatal(err)
	}
	east := resolve.New(emu.Client(), resolve.Options{CacheDir: dir, Scope: map[string]string{"regionId": regionVirginia}})
	if id, err := east.Resolve(ctx, "DataCenter", "us-west-2a"); err == nil {
		t.Errorf("us-west-2a in Virginia resolved to %s from the Oregon cache entry", id)
	}
}

func TestFlagNames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Region": "region", "DataCenter": "datacenter", "BillingCode": "billing-code",
		"MachineImage": "image", "ServerProduct": "product", "Group": "group",
	} {
		if got := resolve.FlagName(in); got != want {
			t.Errorf("FlagName(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"regionId": "region", "machineImageId": "image", "cmAccountId": "cm-account", "engine": "engine",
	} {
		if got := resolve.FilterFlag(in); got != want {
			t.Errorf("FilterFlag(%s) = %s, want %s", in, got, want)
		}
	}
}

// The fields a name is compared with are the catalogue's lookup fields,
// best first, as a name that matches nothing reports.
func TestMatchFieldsFollowTheCatalogue(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{Scope: map[string]string{"regionId": regionOregon}})
	for name, want := range map[string]string{
		"Region":        "providerId,name",
		"DataCenter":    "providerId,name",
		"MachineImage":  "providerId,name,label",
		"ServerProduct": "providerProductId,name",
		"BillingCode":   "name,financeCode",
	} {
		_, err := r.Resolve(context.Background(), name, "no-such-thing-anywhere")
		nf, ok := errors.AsType[*resolve.NotFoundError](err)
		if !ok {
			t.Errorf("Resolve(%s) err = %v, want a NotFoundError", name, err)
			continue
		}
		if got := strings.Join(nf.Fields, ","); got != want {
			t.Errorf("%s compared %s, want %s", name, got, want)
		}
	}
	job, _ := catalog.Load().Resource("Job")
	if len(job.Lookup) != 0 {
		t.Errorf("Job has lookup fields %v; jobs are only given by id", job.Lookup)
	}
}

func TestResolveIDOnlyResourceAndUnknownResource(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	r := resolve.New(emu.Client(), resolve.Options{})
	if _, err := r.Resolve(context.Background(), "Job", "last-launch"); err == nil || !strings.Contains(err.Error(), "only be given by id") {
		t.Errorf("Resolve(Job, name) err = %v, want 'only by id'", err)
	}
	if _, err := r.Resolve(context.Background(), "Spaceship", "x"); err == nil {
		t.Error("an unknown resource resolved")
	}
	if n := len(emu.Server.Requests()); n != 0 {
		t.Errorf("%d requests, want none", n)
	}
}
