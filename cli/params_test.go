package cli

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/dcm"
)

func TestParseTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		path    string
		args    []string
		want    target
		wantErr bool
	}{
		{name: "plain", path: "admin/Job",
			want: target{path: "admin/Job", query: url.Values{}}},
		{name: "leading and trailing slash", path: "/geography/DataCenter/64351/",
			want: target{path: "geography/DataCenter/64351", query: url.Values{}}},
		{name: "inline query decoded", path: "geography/DataCenter?regionId=19344&name=a%20b",
			want: target{path: "geography/DataCenter", query: url.Values{"regionId": {"19344"}, "name": {"a b"}}}},
		{name: "all forms merged in order", path: "infrastructure/Server?regionId=1",
			args: []string{"regionId=2", "{'regionId': [3, 4], 'active': True}", "extended"},
			want: target{path: "infrastructure/Server", details: dcm.DetailsExtended,
				query: url.Values{"regionId": {"1", "2", "3", "4"}, "active": {"True"}}}},
		{name: "value keeps = and spaces", path: "x/Y", args: []string{"q=a=b c"},
			want: target{path: "x/Y", query: url.Values{"q": {"a=b c"}}}},
		{name: "detail word any case", path: "x/Y", args: []string{"BASIC"},
			want: target{path: "x/Y", query: url.Values{}, details: dcm.DetailsBasic}},
		{name: "empty dict", path: "x/Y", args: []string{"{}"},
			want: target{path: "x/Y", query: url.Values{}}},
		{name: "code refused", path: "x/Y", args: []string{"{'a': eval('1')}"}, wantErr: true},
		{name: "list is not params", path: "x/Y", args: []string{"[1]"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseTarget(tt.path, tt.args)
			if tt.wantErr {
				if _, ok := err.(*usageError); !ok {
					t.Fatalf("parseTarget error = %v (%T), want a usage error", err, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(target{})); diff != "" {
				t.Errorf("parseTarget mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPIVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
		hits int // requests the server must see
	}{
		{[]string{"api-versions"}, "2014-07-30\n2013-03-13\n2012-06-15\n", 1},
		{[]string{"api-versions", "--supported"}, "2014-07-30\n2013-03-13\n2012-06-15\n", 1},
		{[]string{"api-versions", "--latest"}, "2014-07-30\n", 1},
		{[]string{"api-versions", "-a"}, testVersion + "\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.args[len(tt.args)-1], func(t *testing.T) {
			t.Parallel()
			api, srv := newFakeAPI(t)
			res := runCLI(t, envFor(srv, testSecret), "", tt.args...)
			if res.code != ExitOK || res.stdout != tt.want {
				t.Errorf("exit %d, stdout %q, stderr %q; want %q", res.code, res.stdout, res.stderr, tt.want)
			}
			reqs := api.requests()
			if len(reqs) != tt.hits {
				t.Fatalf("server saw %d requests, want %d", len(reqs), tt.hits)
			}
			for _, r := range reqs {
				if r.Path != "/api/enstratus" || r.Signature != "" {
					t.Errorf("discovery request %+v: want an unsigned GET of /api/enstratus", r)
				}
			}
		})
	}
}
