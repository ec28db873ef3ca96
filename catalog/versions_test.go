package catalog

import "testing"

// The per-version data is consistent: a SameAs names another field of the
// resource that is no SameAs itself, with a type it can be answered as;
// bounds are known versions; the out-of-version policy is one of the two.
func TestVersionDataIsConsistent(t *testing.T) {
	c := Load()
	if p := c.OutOfVersion.Policy; p != OutOfVersionRefuse && p != OutOfVersionStore || c.OutOfVersion.Doc == "" {
		t.Errorf("out-of-version policy %q (doc %q)", p, c.OutOfVersion.Doc)
	}
	for _, r := range c.Resources {
		for _, f := range r.Fields {
			for _, v := range []string{f.Since, f.Until} {
				if v != "" && !c.KnownVersion(v) {
					t.Errorf("%s.%s: unknown version %s", r.Name, f.Name, v)
				}
			}
			if f.SameAs == "" {
				continue
			}
			g, ok := r.Field(f.SameAs)
			switch {
			case !ok || g == f:
				t.Errorf("%s.%s: sameAs %q is no other field", r.Name, f.Name, f.SameAs)
			case g.SameAs != "":
				t.Errorf("%s.%s: sameAs %s, which is itself sameAs %s", r.Name, f.Name, g.Name, g.SameAs)
			case f.Type != g.Type && !(f.Type == TypeStrings && g.Type == TypeString):
				t.Errorf("%s.%s (%s) cannot answer %s (%s)", r.Name, f.Name, f.Type, g.Name, g.Type)
			}
		}
	}
}

func TestNameAt(t *testing.T) {
	c := Load()
	for _, tc := range []struct{ resource, field, version, want string }{
		{"Account", "cloudSubscription", "2012-06-15", "cloudSubscriptionId"},
		{"Account", "cloudSubscription", "2014-07-30", "cloudSubscription"},
		{"Account", "cloudSubscriptionId", "2015-06-29", "cloudSubscription"},
		{"FirewallRule", "networkAddress", "2014-07-30", "source"},
		{"FirewallRule", "source", "2012-06-15", "networkAddress"},
		{"FirewallRule", "permission", "2012-06-15", ""},
		{"Cloud", "computeDelegate", "2012-06-15", "computeDelegate"},
		{"Server", "name", "", "name"},
		{"Server", "noSuchField", "", ""},
	} {
		r, _ := c.Resource(tc.resource)
		if got := r.NameAt(tc.field, tc.version); got != tc.want {
			t.Errorf("%s.%s at %s = %q, want %q", tc.resource, tc.field, tc.version, got, tc.want)
		}
	}
}

func TestOtherVersions(t *testing.T) {
	c := Load()
	r, _ := c.Resource("FirewallRule")
	old, _ := r.Op(KindCreate, "addRule", "2012-06-15")
	neu, _ := r.Op(KindCreate, "addRule", "2015-06-29")
	for _, tc := range []struct {
		op           *Op
		member, v    string
		since, until string
		ok           bool
	}{
		{old, "permission", "2012-06-15", "2014-07-30", "", true},
		{neu, "cidr", "2015-06-29", "", "2014-07-30", true},
		{old, "cidr", "2012-06-15", "", "", false},      // the version takes it
		{old, "startPort", "2012-06-15", "", "", false}, // both forms take it
		{old, "favoriteColor", "2012-06-15", "", "", false},
	} {
		_, since, until, ok := r.OtherVersions(tc.op, tc.member, tc.v)
		if ok != tc.ok || since != tc.since || until != tc.until {
			t.Errorf("%s at %s: %q %q %v, want %q %q %v", tc.member, tc.v, since, until, ok, tc.since, tc.until, tc.ok)
		}
	}
	for _, tc := range [][3]string{{"", "", "every version"}, {"2014-07-30", "", "from 2014-07-30 on"},
		{"", "2014-07-30", "before 2014-07-30"}, {"2013-01-29", "2014-07-30", "from 2013-01-29 to before 2014-07-30"}} {
		if got := VersionsText(tc[0], tc[1]); got != tc[2] {
			t.Errorf("VersionsText(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}
