package catalog

// OpGroup is one write operation of a resource as clients offer it (one CLI
// command, one SDK method): the op forms that share a kind and verb
// (addBillingCode has one per API version range), of which the client's
// API version picks one at run time.
type OpGroup struct {
	Kind  Kind
	Verb  string
	Forms []*Op // in catalogue order
}

// WriteOps returns the resource's write ops (create, update, action,
// delete) grouped by kind and verb, in catalogue order.
func (r *Resource) WriteOps() []*OpGroup {
	var out []*OpGroup
	index := map[string]*OpGroup{}
	for _, op := range r.Ops {
		switch op.Kind {
		case KindCreate, KindUpdate, KindAction, KindDelete:
		default:
			continue
		}
		key := string(op.Kind) + "/" + op.Verb
		g, ok := index[key]
		if !ok {
			g = &OpGroup{Kind: op.Kind, Verb: op.Verb}
			index[key] = g
			out = append(out, g)
		}
		g.Forms = append(g.Forms, op)
	}
	return out
}

// Async reports whether any form of the op answers with jobs.
func (g *OpGroup) Async() bool {
	for _, f := range g.Forms {
		if f.Async {
			return true
		}
	}
	return false
}

// Fields is the union of the forms' payload fields, first form first, so
// one command or request type takes every version's fields. A field the
// forms type differently keeps its first form, except that a money form
// wins: the 2011 quotas were strings, and money encodes both.
func (g *OpGroup) Fields() []*Field {
	var out []*Field
	index := map[string]int{}
	for _, form := range g.Forms {
		for _, f := range form.Fields {
			if i, seen := index[f.Name]; seen {
				if f.Type == TypeMoney {
					out[i] = f
				}
				continue
			}
			index[f.Name] = len(out)
			out = append(out, f)
		}
	}
	return out
}

// Params is the union of the forms' query parameters (delete reasons),
// first form first.
func (g *OpGroup) Params() []Param {
	var out []Param
	seen := map[string]bool{}
	for _, form := range g.Forms {
		for _, p := range form.Params {
			if !seen[p.Name] {
				seen[p.Name] = true
				out = append(out, p)
			}
		}
	}
	return out
}
