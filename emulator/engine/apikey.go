package engine

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// APIKey is the secret half of a key and what it grants.
type APIKey struct {
	AccessKey string `json:"accessKey"`
	SecretKey string `json:"secretKey"`
	Customer  int64  `json:"customer"`
	UserID    int64  `json:"userId"` // -1 for account-level keys
	Active    bool   `json:"active"`
}

// keyMeta is the store meta key of an API key's secret record: the access
// key alone must find the customer, so the index cannot live in a
// customer's records.
func keyMeta(accessKey string) string { return "apikey:" + accessKey }

// LookupKey finds an API key by access key (across customers).
func LookupKey(ctx context.Context, tx store.Tx, accessKey string) (APIKey, bool, error) {
	if accessKey == "" {
		return APIKey{}, false, nil
	}
	b, ok, err := tx.GetMeta(ctx, keyMeta(accessKey))
	if err != nil || !ok {
		return APIKey{}, false, err
	}
	k, err := decodeKey(accessKey, b)
	if err != nil {
		return APIKey{}, false, err
	}
	return k, true, nil
}

func decodeKey(accessKey string, b []byte) (APIKey, error) {
	var k APIKey
	if err := json.Unmarshal(b, &k); err != nil {
		return APIKey{}, fmt.Errorf("engine: API key record %s is corrupt: %w", accessKey, err)
	}
	return k, nil
}

// PutKey stores (or replaces) an API key's secret record.
func PutKey(ctx context.Context, tx store.Tx, k APIKey) error {
	if k.AccessKey == "" {
		return Errorf(http.StatusBadRequest, "API key without an access key")
	}
	b, err := json.Marshal(k)
	if err != nil {
		return err
	}
	return tx.PutMeta(ctx, keyMeta(k.AccessKey), b)
}

const (
	accessKeyLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	secretAlphabet   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// randomString draws n characters of the alphabet from crypto/rand.
func randomString(alphabet string, n int) (string, error) {
	var b strings.Builder
	max := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", err
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String(), nil
}

// generateKey creates an access key no other key uses: 20 upper-case
// letters (spec §3) and a 40-character secret of the Base64 alphabet.
func generateKey(ctx context.Context, tx store.Tx) (access, secret string, err error) {
	for range 10 {
		if access, err = randomString(accessKeyLetters, 20); err != nil {
			return "", "", err
		}
		_, taken, err := LookupKey(ctx, tx, access)
		if err != nil {
			return "", "", err
		}
		if !taken {
			secret, err = randomString(secretAlphabet, 40)
			return access, secret, err
		}
	}
	return "", "", fmt.Errorf("engine: could not draw an unused access key")
}

// buildAPIKey is the generateApiKey create: the record is keyed by the
// access key and acts as the caller; the secret goes to the key index only
// and is returned once, in the 201 body.
func buildAPIKey(ctx context.Context, c *call, it *item, _ map[string]any) (extra map[string]any, err error) {
	access, secret, err := generateKey(ctx, c.tx)
	if err != nil {
		return nil, err
	}
	it.rec.ID = access
	it.data["accessKey"] = access
	it.data["state"] = "ACTIVE"
	it.data["activation"] = FormatTime(c.now)
	it.data["user"] = map[string]any{"userId": c.user}
	it.data["customerManagementKey"] = false
	it.data["systemManagementKey"] = false
	if it.data["account"] == nil {
		if acct, ok := c.callerAccount(ctx); ok {
			it.data["account"] = acct
		}
	}
	delete(it.data, "status")
	if err := PutKey(ctx, c.tx, APIKey{AccessKey: access, SecretKey: secret, Customer: c.customer, UserID: c.user, Active: true}); err != nil {
		return nil, err
	}
	return map[string]any{"secretKey": secret}, nil
}

// deactivateAPIKey is the ApiKey DELETE: the record stays listable with
// state INACTIVE and an expiration, and the key no longer authenticates.
func deactivateAPIKey(ctx context.Context, c *call, it *item) error {
	it.data["state"] = "INACTIVE"
	it.data["expiration"] = FormatTime(c.now)
	k, ok, err := LookupKey(ctx, c.tx, it.rec.ID)
	if err != nil {
		return err
	}
	if ok {
		k.Active = false
		if err := PutKey(ctx, c.tx, k); err != nil {
			return err
		}
	}
	return c.e.save(ctx, c.tx, it)
}
