package catalog

// API versions both ways: a field's Since/Until decide whether an answer
// at a version holds it and whether a request at that version may carry
// it, SameAs names the stored field a differently spelled one answers, and
// OutOfVersion says what a server does with a member of another version.

// Out-of-version policies (Catalog.OutOfVersion.Policy).
const (
	// OutOfVersionRefuse answers 400, naming the member and the versions
	// that take it.
	OutOfVersionRefuse = "refuse"
	// OutOfVersionStore validates the member with the definition of the
	// version that takes it and stores it.
	OutOfVersionStore = "store"
)

// OutOfVersion is the recorded choice for request members that the
// catalogue knows only for other API versions of the operation: Policy is
// OutOfVersionRefuse or OutOfVersionStore, Doc the reason for it.
type OutOfVersion struct {
	Policy string `json:"policy"`
	Doc    string `json:"doc,omitempty"`
}

// Stores reports whether out-of-version members are kept (else refused).
func (o OutOfVersion) Stores() bool { return o.Policy == OutOfVersionStore }

// Recording is one recorded answer of a resource: where it was recorded
// (Source), the API version it was made with and its detail level
// ("basic" or "extended"). An answer of an emulator at that version and
// detail level has every key of the recording, with the same JSON type.
type Recording struct {
	Source  string `json:"source"`
	Version string `json:"version"`
	Details string `json:"details"`
}

// In reports whether the field exists in API version v (every version
// when v is empty).
func (f *Field) In(v string) bool { return InRange(v, f.Since, f.Until) }

// Versioned reports whether any field of the resource depends on the API
// version: it has a Since or Until, or answers another field's value
// (SameAs).
func (r *Resource) Versioned() bool {
	for _, f := range r.Fields {
		if f.Since != "" || f.Until != "" || f.SameAs != "" {
			return true
		}
	}
	return false
}

// OtherVersions looks up a request member that op, the form chosen for
// API version v, does not take there: the field of another form of the
// same operation (same kind and verb) or of op outside v, with the
// versions [since, until) that take it. ok is false when no version of the
// operation knows the member.
func (r *Resource) OtherVersions(op *Op, name, v string) (f *Field, since, until string, ok bool) {
	for _, form := range r.Ops {
		if form.Kind != op.Kind || form.Verb != op.Verb {
			continue
		}
		for _, ff := range form.Fields {
			if ff.Name != name {
				continue
			}
			s, u := later(form.Since, ff.Since), earlier(form.Until, ff.Until)
			if InRange(v, s, u) {
				return nil, "", "", false // the version takes it after all
			}
			if !ok {
				f, since, until, ok = ff, s, u, true
			}
		}
	}
	return f, since, until, ok
}

// VersionsText describes the versions [since, until) in words: "from
// 2014-07-30 on", "before 2014-07-30", "from 2013-01-29 to before
// 2014-07-30" or "every version".
func VersionsText(since, until string) string {
	switch {
	case since != "" && until != "":
		return "from " + since + " to before " + until
	case since != "":
		return "from " + since + " on"
	case until != "":
		return "before " + until
	}
	return "every version"
}

// later is the later of two lower bounds ("" = open).
func later(a, b string) string {
	if a > b {
		return a
	}
	return b
}

// earlier is the earlier of two upper bounds ("" = open).
func earlier(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	case a < b:
		return a
	}
	return b
}

// NameAt is the name under which API version v answers the value of the
// resource's field name: name itself when v has that field, else the
// field v has that carries the same value (SameAs, either way round:
// Account cloudSubscription is cloudSubscriptionId at 2012-06-15, a 2012
// rule's networkAddress is source at 2014-07-30); "" when v answers the
// value under no name.
func (r *Resource) NameAt(name, v string) string {
	f, ok := r.Field(name)
	if !ok {
		return ""
	}
	if f.In(v) {
		return name
	}
	if g, ok := r.Field(f.SameAs); ok && g.In(v) {
		return g.Name
	}
	for _, g := range r.Fields {
		if g.SameAs == name && g.In(v) {
			return g.Name
		}
	}
	return ""
}
