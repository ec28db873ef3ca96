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

// fileCache is one endpoint's cache file. Every operation rereads the file,
// so that two mixcoatl processes sharing it lose at most an entry, never the
// file; the mutex serialises the goroutines of this process.
type fileCache struct {
	path string
	mu   sync.Mutex
}

// cacheFile names the file of an endpoint and access key by a hash of both:
// the file name reveals neither, and the secret key never enters it.
func cacheFile(dir, endpoint, accessKey string) string {
	sum := sha256.Sum256([]byte(endpoint + "\x00" + accessKey))
	return filepath.Join(dir, "resolve-"+hex.EncodeToString(sum[:16])+".json")
}

// cacheKey identifies a lookup: resource, the filters that narrowed it
// (url.Values.Encode sorts them) and the text as typed, since an exact match
// may differ from a case-insensitive one.
func cacheKey(resource string, scope url.Values, text string) string {
	return resource + "?" + scope.Encode() + "#" + text
}

func (c *fileCache) lookup(key string, now time.Time, ttl time.Duration) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.read().Entries[key]
	if !ok || e.ID == "" {
		return "", false
	}
	age := now.Sub(e.At)
	if age < 0 || age >= ttl { // a future stamp means a clock jump: distrust it
		return "", false
	}
	return e.ID, true
}

func (c *fileCache) store(key, id string, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	doc := c.read()
	doc.Entries[key] = cacheEntry{ID: id, At: now}
	return c.write(doc)
}

func (c *fileCache) remove(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	doc := c.read()
	if _, ok := doc.Entries[key]; !ok {
		return nil
	}
	delete(doc.Entries, key)
	return c.write(doc)
}

// read loads the file; a missing, unreadable, corrupt or foreign file reads
// as empty, and the next write replaces it.
func (c *fileCache) read() cacheDoc {
	empty := cacheDoc{Version: cacheVersion, Entries: map[string]cacheEntry{}}
	b, err := os.ReadFile(c.path)
	if err != nil {
		return empty
	}
	var doc cacheDoc
	if json.Unmarshal(b, &doc) != nil || doc.Version != cacheVersion || doc.Entries == nil {
		return empty
	}
	return doc
}

// write replaces the file atomically (temporary file + rename), mode 0600
// in a directory created with mode 0700.
func (c *fileCache) write(doc cacheDoc) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	dir := filepath.Dir(c.path)
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
	return os.Rename(tmp.Name(), c.path)
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
