package compat

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
)

// Expected values are what mixcoatl 1.5.1's helpers gave under CPython
// 2.7.18 for the same input.

func TestUncamel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"deviceId": "device_id", "dataCenterName": "data_center_name",
		"cloudProviderConsoleURL": "cloud_provider_console_url", "hasCloudAPIAccess": "has_cloud_api_access",
		"publicIPAddress": "public_ip_address", "ID": "id", "URLPath": "url_path", "x_Yz": "x__yz",
		"_leading": "leading", "ABCdef": "ab_cdef", "a1B2": "a1_b2", "already_snake": "already_snake",
		"HTTPServer2Go": "http_server2_go", "caféName": "café_name",
	} {
		if got := uncamel(in); got != want {
			t.Errorf("uncamel(%q) = %q, want %q", in, got, want)
		}
	}
}

func decodeFor(t *testing.T, doc string) *py2.Dict {
	t.Helper()
	d, err := decodeObject([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPrintFormatOrderAndCSV(t *testing.T) {
	t.Parallel()
	first := decodeFor(t, `{"serverId":1,"name":"a \"q\"","region":{"regionId":2,"name":"r"},"dataCenter":{},"budget":4.5,"owningGroups":[{"groupId":7}],"nested":[[{"groupId":1}]]}`)
	second := decodeFor(t, `{"budget":3,"serverId":2}`)
	pub := publicDict(first)
	if got, want := pub.Keys(), []string{"owning_groups", "name", "region", "server_id", "nested", "data_center", "budget"}; !slices.Equal(got, want) {
		t.Errorf("namespace order %v, want %v", got, want)
	}
	// A list nested in a list keeps its camelCase dicts.
	if got := py2.Repr(attr(pub, "nested")); got != "[[{u'groupId': 1}]]" {
		t.Errorf("nested list = %s", got)
	}
	csv, err := printFormat([]*py2.Dict{first, second}, "csv")
	if err != nil {
		t.Fatal(err)
	}
	want := `"owning_groups","name","region","server_id","nested","data_center","budget"` + "\n" +
		`"[{u'group_id': 7}]","a "q"","2","1","[[{u'groupId': 1}]]","","4.5"` + "\n" +
		`"2","3"`
	if csv != want {
		t.Errorf("csv =\n%s\nwant\n%s", csv, want)
	}
	if _, err := printFormat(nil, "csv"); !errors.As(err, new(*ExitError)) {
		t.Errorf("csv of nothing: %v", err)
	}
	xml, _ := printFormat([]*py2.Dict{second}, "xml")
	if xml != `<?xml version="1.0" ?><root> <item><server_id>2</server_id><budget>3</budget></item> </root>` {
		t.Errorf("xml = %s", xml)
	}
	if empty, _ := printFormat(nil, "xml"); empty != `<?xml version="1.0" ?><root>  </root>` {
		t.Errorf("xml of nothing = %q", empty)
	}
	if js, _ := printFormat(nil, "json"); js != "[]" {
		t.Errorf("json of nothing = %q", js)
	}
}

func TestSecretsAreLeftOut(t *testing.T) {
	t.Parallel()
	d := decodeFor(t, `{"accessKey":"AK","secretKey":"SHH","nested":{"secretKey":"SHH"}}`)
	if got := py2.Repr(d); got != "{u'access_key': u'AK', u'nested': {}}" {
		t.Errorf("decoded %s", got)
	}
}

// The old parsers' own refusals that come after parsing: mutually exclusive
// flags and type=int values (usage errors, exit 2, before any request).
func TestOldToolUsageErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"dcm-list-servers --json --csv":           "argument --csv: not allowed with argument --json",
		"dcm-list-volumes --minsize big":          "argument --minsize: invalid int value: 'big'",
		"dcm-list-servers -g x":                   "argument --groupid: invalid int value: 'x'",
		"dcm-list-servers -u a -m b":              "argument --email: not allowed with argument --userid",
		"dcm-list-jobs --job-id 5 --json":         "argument --json: not allowed with argument --job-id",
		"dcm-list-snapshots -r 1 -R x":            "argument --regionpid: not allowed with argument --regionid",
		"dcm-list-api-versions -a -l":             "argument --latest: not allowed with argument --active",
		"dcm-list-machine-images -i 1 -r 2":       "argument --regionid: not allowed with argument --image",
		"dcm-list-server-products -r 1 -p x":      "argument --regionpid: not allowed with argument --regionid",
		"dcm-get x --json --xml":                  "argument --xml: not allowed with argument --json",
		"dcm-get x --statuscode --statuscodeonly": "argument --statuscodeonly: not allowed with argument --statuscode",
		"dcm-get geography/Region?regionId":       `query parameter "regionId" has no '='`,
		"dcm-get geography/Region regionId=1":     "query parameters \"regionId=1\"",
		"es-dump.py geography/Region {} full":     `detail level "full"`,
		"es-dump geography/Region [1]":            "must be a dict",
	}
	for line, want := range cases {
		argv := strings.Fields(line)
		tool, _ := Lookup(argv[0])
		c, err := tool.Parse(argv[1:], nil)
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		err = tool.RunOutput(context.Background(), c, Env{})
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, want) {
			t.Errorf("%s: %v, want a usage error with %q", line, err, want)
		}
	}
}
