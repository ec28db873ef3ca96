package sqlstore

import (
	"context"
	"errors"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store/internal/base"
)

// The meta values of a transaction (store.Tx GetMeta and PutMeta); a
// Batcher's transactions remember what they read (reccache.go).

func (t *sqlTx) GetMeta(ctx context.Context, key string) ([]byte, bool, error) {
	if err := t.check(ctx, false); err != nil {
		return nil, false, err
	}
	if key == "" {
		return nil, false, base.ErrEmptyMetaKey
	}
	if !t.s.storable(key) {
		return nil, false, nil
	}
	if v, found, ok := t.cachedGetMeta(key); ok {
		return v, found, nil
	}
	var v []byte
	err := t.c.QueryRow(ctx, `SELECT value FROM meta WHERE name = ?`, key).Scan(&v)
	switch {
	case errors.Is(err, t.s.NoRows):
		t.rememberMeta(key, nil, false)
		return nil, false, nil
	case err != nil:
		return nil, false, t.s.Fail("get meta", err)
	}
	if v == nil {
		v = []byte{}
	}
	t.rememberMeta(key, v, true)
	return v, true, nil
}

func (t *sqlTx) PutMeta(ctx context.Context, key string, value []byte) error {
	if err := t.check(ctx, true); err != nil {
		return err
	}
	if key == "" {
		return base.ErrEmptyMetaKey
	}
	if !t.s.storable(key) {
		return t.s.textKeysError("meta", "keys")
	}
	t.wroteMeta = true
	if t.batch != nil {
		t.batch.touchedMeta = true
	}
	t.written += len(value)
	_, err := t.c.Exec(ctx, `INSERT INTO meta (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, key, t.s.Bytes(value))
	if err != nil {
		return t.s.Fail("put meta "+strings.TrimSpace(key), err)
	}
	return nil
}
