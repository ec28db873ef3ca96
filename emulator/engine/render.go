package engine

import (
	"context"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Render is RenderAt with every field as stored (no API version).
func (e *Engine) Render(ctx context.Context, tx store.Tx, customer int64, res *catalog.Resource, item map[string]any, details string) map[string]any {
	return e.RenderAt(ctx, tx, customer, res, item, details, "")
}

// RenderAt returns item as API version v answers it (view.go: the
// version's fields, under the version's names; a shared record with the
// caller's customer) at the detail level (case-insensitive; anything else
// is basic): "none" keeps only the primary key, "basic" is the stored form,
// "extended" replaces each reference whose catalogue Ref names a resource
// with that record's basic form at v (a reference to a missing record stays
// bare). Secrets are never rendered — except an ApiKey's secretKey, which
// only the generateApiKey 201 body carries (stored records never hold it).
func (e *Engine) RenderAt(ctx context.Context, tx store.Tx, customer int64, res *catalog.Resource, item map[string]any, details, v string) map[string]any {
	if item == nil {
		return nil
	}
	var secretKey any
	if res != nil && res.Name == "ApiKey" {
		secretKey = item["secretKey"]
	}
	out := e.answer(res, item, customer, v)
	if secretKey != nil {
		out["secretKey"] = secretKey
	}
	switch strings.ToLower(strings.TrimSpace(details)) {
	case "none":
		if res == nil || res.Key == "" {
			return out
		}
		if v, ok := out[res.Key]; ok {
			return map[string]any{res.Key: v}
		}
		return out
	case "extended":
		if res != nil {
			e.expand(ctx, tx, customer, res, out, v)
		}
	}
	return out
}

// expand replaces references by the referenced records' basic forms.
func (e *Engine) expand(ctx context.Context, tx store.Tx, customer int64, res *catalog.Resource, out map[string]any, v string) {
	for _, f := range res.Fields {
		target, ok := e.cat.Resource(f.Ref)
		if !ok || f.RefKey == "" {
			continue
		}
		switch ref := out[f.Name].(type) {
		case map[string]any:
			out[f.Name] = e.lookupRef(ctx, tx, customer, target, f.RefKey, ref, v)
		case []any:
			list := make([]any, len(ref))
			for i, x := range ref {
				list[i] = x
				if m, ok := x.(map[string]any); ok {
					list[i] = e.lookupRef(ctx, tx, customer, target, f.RefKey, m, v)
				}
			}
			out[f.Name] = list
		}
	}
}

func (e *Engine) lookupRef(ctx context.Context, tx store.Tx, customer int64, target *catalog.Resource, refKey string, ref map[string]any, v string) any {
	id, ok := ref[refKey]
	if !ok || id == nil {
		return ref
	}
	key := idString(id)
	if target.KeyType == catalog.TypeInt {
		n, ok := asInt(id)
		if !ok {
			return ref
		}
		key = idKey(n)
	}
	it, found, err := load(ctx, tx, customer, target.Name, key)
	if err != nil || !found {
		return ref
	}
	return e.answer(target, it.data, customer, v)
}
