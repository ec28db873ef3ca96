package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/emulator/store/sqlite"
)

// StoreKind names an emulator store implementation.
type StoreKind string

const (
	StoreMemory StoreKind = "memory"
	StoreSQLite StoreKind = "sqlite"
)

// Emulator is an emulator served over loopback HTTP for a measurement.
type Emulator struct {
	Server *emulator.Server
	HTTP   *httptest.Server
	Store  store.Store
	Config dcm.Config // endpoint on HTTP.URL and the seeded customer's keys
}

// Close stops the HTTP server and closes the store.
func (e *Emulator) Close() {
	e.HTTP.Close()
	_ = e.Store.Close()
}

// EmulatorOptions say how to build a measured emulator.
type EmulatorOptions struct {
	Store    StoreKind
	Dir      string // where the SQLite file goes (required for StoreSQLite)
	Servers  int    // the first customer gets this many servers in total (0 = the default seed's)
	PageSize int    // 0 = the emulator's default
}

// StartEmulator seeds a store and serves an emulator on 127.0.0.1.
func StartEmulator(ctx context.Context, o EmulatorOptions) (*Emulator, error) {
	sd, err := SeedWithServers(o.Servers)
	if err != nil {
		return nil, err
	}
	var st store.Store
	switch o.Store {
	case StoreMemory, "":
		st = store.NewMemory()
	case StoreSQLite:
		if o.Dir == "" {
			return nil, fmt.Errorf("bench: the SQLite store needs a directory")
		}
		if st, err = sqlite.Open(filepath.Join(o.Dir, "bench.db")); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("bench: unknown store %q", o.Store)
	}
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		_ = st.Close()
		return nil, err
	}
	return Serve(st, sd, o.PageSize)
}

// Serve puts an emulator over an already seeded store on 127.0.0.1; several
// emulators may share one store (e.g. with different page sizes).
func Serve(st store.Store, sd *seed.Seed, pageSize int) (*Emulator, error) {
	first := sd.Customers[0]
	srv, err := emulator.New(emulator.Options{
		Store: st, PageSize: pageSize,
		Anonymous:      emulator.Caller{Customer: first.CustomerID, UserID: first.APIKey.UserID},
		RequestLogSize: 1 << 20,
	})
	if err != nil {
		return nil, err
	}
	hs := httptest.NewServer(srv)
	v := srv.Catalog().DefaultVersion
	return &Emulator{
		Server: srv, HTTP: hs, Store: st,
		Config: dcm.Config{
			AccessKey: first.APIKey.AccessKey, SecretKey: first.APIKey.SecretKey,
			Endpoint: hs.URL + dcm.APIBasePath + "/" + v, APIVersion: v, Source: "bench",
		},
	}, nil
}

// FirstServerID is the id of the lowest-numbered server bulk copies start
// after; SeedWithServers numbers its copies from here.
const bulkServerBase = 5_000_000

// SeedWithServers is the default seed whose first customer owns total
// servers: the seed's own plus copies of its first server with fresh ids
// and names. total <= the seed's count leaves it unchanged.
func SeedWithServers(total int) (*seed.Seed, error) {
	if total <= 0 {
		return seed.Default(), nil
	}
	b, err := SeedJSONWithServers(total)
	if err != nil {
		return nil, err
	}
	return seed.Parse(b)
}

// SeedJSONWithServers is SeedWithServers as a seed document (what the
// emulator's --seed flag reads).
func SeedJSONWithServers(total int) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(seed.DefaultJSON(), &doc); err != nil {
		return nil, err
	}
	res := doc["customers"].([]any)[0].(map[string]any)["resources"].(map[string]any)
	servers := res["Server"].([]any)
	first := servers[0].(map[string]any)
	for i := len(servers); i < total; i++ {
		cp := make(map[string]any, len(first))
		for k, v := range first {
			cp[k] = v
		}
		cp["serverId"] = bulkServerBase + i
		cp["name"] = fmt.Sprintf("bulk-%06d", i)
		servers = append(servers, cp)
	}
	res["Server"] = servers
	return json.Marshal(doc)
}

// ServerIDs lists the first customer's server ids in id order straight
// from the store (no HTTP), for measurements that need every id.
func ServerIDs(ctx context.Context, e *Emulator, customer int64) ([]string, error) {
	var ids []string
	err := e.Store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: customer, Kind: "Server"}, func(r store.Record) bool {
			ids = append(ids, r.ID)
			return true
		})
	})
	return ids, err
}

// loopbackClient is the HTTP client every side of a comparison shares, with
// enough idle connections for the concurrent measurements.
func loopbackClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 256
	tr.MaxIdleConnsPerHost = 256
	return &http.Client{Transport: tr}
}
