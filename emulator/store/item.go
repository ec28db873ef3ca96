package store

import (
	"context"
	"errors"
)

// ItemRead is everything a GET of one record needs from the store, read
// in one snapshot: the record as a customer sees it, a meta value (the
// caller's API key) and whether the customer has a record of a kind in an
// id range (the engine's pending events that are due).
type ItemRead struct {
	Customer int64 // whose record: theirs, else the global one (Tx.Get)
	Kind, ID string
	// MetaKey is a meta value read too ("" = none).
	MetaKey string
	// Due asks whether Customer itself (not the global area) has a record
	// of DueKind whose id lies strictly between DueAfter and DueBefore
	// (bytewise; DueKind's ids must not be integers). DueKind "" = no check.
	DueKind, DueAfter, DueBefore string
}

// ItemResult is what an ItemRead found.
type ItemResult struct {
	Record    Record
	Found     bool // Record is set
	Meta      []byte
	MetaFound bool
	Due       bool
}

// ItemReader is implemented by stores that answer an ItemRead in one
// statement without a transaction around it: one statement sees one
// snapshot, which is all the read needs, and it costs one round through
// the database driver instead of BEGIN, three reads and ROLLBACK (SQLite).
// The bytes of an ItemResult may be shared with other reads and with the
// store: callers must not modify them, and the store never does (a record
// written again gets new bytes), so a caller may remember what it made of
// them by their address (the engine does).
type ItemReader interface {
	ReadItem(ctx context.Context, q ItemRead) (ItemResult, error)
}

// ReadItemIn answers q with tx's reads; it is ItemReader's meaning,
// written with the methods of Tx.
func ReadItemIn(ctx context.Context, tx Tx, q ItemRead) (ItemResult, error) {
	var res ItemResult
	var err error
	if q.MetaKey != "" {
		if res.Meta, res.MetaFound, err = tx.GetMeta(ctx, q.MetaKey); err != nil {
			return ItemResult{}, err
		}
	}
	if q.DueKind != "" {
		if res.Due, err = HasInRange(ctx, tx, q.Customer, q.DueKind, q.DueAfter, q.DueBefore); err != nil {
			return ItemResult{}, err
		}
	}
	res.Record, err = tx.Get(ctx, q.Customer, q.Kind, q.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		return res, nil
	case err != nil:
		return ItemResult{}, err
	}
	res.Found = true
	return res, nil
}

// HasInRange reports whether customer itself (not the global area) has a
// record of kind whose id lies strictly between after and before
// (bytewise; kind's ids must not be integers): ItemRead's Due, in tx.
func HasInRange(ctx context.Context, tx Tx, customer int64, kind, after, before string) (bool, error) {
	found := false
	err := tx.Scan(ctx, Filter{Customer: customer, Kind: kind, AfterID: after}, func(r Record) bool {
		if r.Customer != customer {
			return true // a global record: not the customer's
		}
		found = r.ID < before
		return false
	})
	return found, err
}
