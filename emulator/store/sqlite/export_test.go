package sqlite

import "context"

// PragmaReads is how often ReadItem read PRAGMA data_version on s's
// pinned connections (every other ReadItem read the WAL-index header).
func PragmaReads(s *Store) int {
	s.readers.mu.Lock()
	defer s.readers.mu.Unlock()
	n := 0
	for _, rc := range s.readers.all {
		n += rc.pragmas
	}
	return n
}

// ReadsWALIndex reports whether s's ReadItem reads the WAL-index header.
func ReadsWALIndex(s *Store) bool {
	return s.readers.walIndex(context.Background()) != nil
}
