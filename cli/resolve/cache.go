package resolve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// cacheVersion is the layout of a cache file; a file of another version is
// ignored like a corrupt one.
const cacheVersion = 1

// cacheDoc is the content of one cache file.
type cacheDoc struct {
	Version int                   `json:"version"`
	Entries map[string]cacheEntry `json:"entries"`
}

type cacheEntry struct {
	ID string    `json:"id"`
	At time.Time `json:"at"`
}

// fileCache is one endpoint's cache of resolved names.
type fileCache struct{ file jsonFile }

// cacheFile names the file of an endpoint and access key (and the
// partition, see Options.Partition) by a hash of them: the file name
// reveals none of them, and the secret key never enters it.
func cacheFile(dir, prefix, endpoint, accessKey, partition string) string {
	key := endpoint + "\x00" + accessKey
	if partition != "" {
		key += "\x00" + partition
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, prefix+"-"+hex.EncodeToString(sum[:16])+".json")
}

// cacheKey identifies a lookup: resource, the filters that narrowed it
// (url.Values.Encode sorts them) and the text as typed, since an exact match
// may differ from a case-insensitive one.
func cacheKey(resource string, scope url.Values, text string) string {
	return resource + "?" + scope.Encode() + "#" + text
}

func (c *fileCache) lookup(key string, now time.Time, ttl time.Duration) (string, bool) {
	var id string
	c.file.view(func() {
		e, ok := c.read().Entries[key]
		if !ok || e.ID == "" {
			return
		}
		age := now.Sub(e.At)
		if age < 0 || age >= ttl { // a future stamp means a clock jump: distrust it
			return
		}
		id = e.ID
	})
	return id, id != ""
}

func (c *fileCache) store(key, id string, now time.Time) error {
	return c.file.update(func() (any, bool) {
		doc := c.read()
		doc.Entries[key] = cacheEntry{ID: id, At: now}
		return doc, true
	})
}

func (c *fileCache) remove(key string) error {
	return c.file.update(func() (any, bool) {
		doc := c.read()
		if _, ok := doc.Entries[key]; !ok {
			return nil, false
		}
		delete(doc.Entries, key)
		return doc, true
	})
}

// read loads the file (the caller holds the lock); a missing, unreadable,
// corrupt or foreign file reads as empty, and the next write replaces it.
func (c *fileCache) read() cacheDoc {
	var doc cacheDoc
	if !c.file.load(&doc) || doc.Version != cacheVersion || doc.Entries == nil {
		return cacheDoc{Version: cacheVersion, Entries: map[string]cacheEntry{}}
	}
	return doc
}

// jsonFile is a small JSON document on disk that several mixcoatl
// processes may share. Every operation rereads the file, so that two
// processes lose at most an entry, never the file; the mutex serialises the
// goroutines of this process.
type jsonFile struct {
	path string
	mu   sync.Mutex
}

// view runs read with the lock held.
func (f *jsonFile) view(read func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	read()
}

// update runs change with the lock held and writes what it returns, unless
// it returns false.
func (f *jsonFile) update(change func() (any, bool)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	doc, ok := change()
	if !ok {
		return nil
	}
	return f.write(doc)
}

// load decodes the file into v; false when it is missing or not JSON.
func (f *jsonFile) load(v any) bool {
	b, err := os.ReadFile(f.path)
	return err == nil && json.Unmarshal(b, v) == nil
}

// write replaces the file atomically (temporary file + rename), mode 0600
// in a directory created with mode 0700.
func (f *jsonFile) write(doc any) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".resolve-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}

// DefaultCacheDir is the directory the CLI keeps resolve caches in:
// $XDG_CACHE_HOME/mixcoatl, else $HOME/.cache/mixcoatl (or
// ~/Library/Caches/mixcoatl on macOS, %LocalAppData%\mixcoatl on Windows).
// It reads the environment through getenv so that tests control it; "" means
// no usable location (then run without a cache).
func DefaultCacheDir(getenv func(string) string) string {
	if d := getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "mixcoatl")
	}
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "mixcoatl")
		}
		return ""
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Caches", "mixcoatl")
		}
		return ""
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "mixcoatl")
	}
	return ""
}
