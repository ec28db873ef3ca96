package compat_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/cli/compat"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/wire"
)

// recorder keeps the method, path, query and body of every request.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	line := req.Method + " " + strings.TrimPrefix(req.URL.Path, wire.BasePath+"/2015-06-29/")
	if req.URL.RawQuery != "" {
		line += "?" + req.URL.RawQuery
	}
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if len(body) > 0 {
			line += " " + string(body)
		}
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, line)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// writeEmulator is an emulator of the golden state whose jobs finish at
// once, with a client that records its requests.
func writeEmulator(t *testing.T) (*dcm.Client, *recorder) {
	t.Helper()
	emu := goldenEmulator(t, goldenSeed(t), dcmtest.WithImmediateJobs())
	rec := &recorder{next: emu.Transport}
	return emu.Client(dcm.WithTransport(rec)), rec
}

// run runs an old command line; its output and error.
func run(t *testing.T, client *dcm.Client, argv ...string) (string, error) {
	t.Helper()
	tool, ok := compat.Lookup(argv[0])
	if !ok {
		t.Fatalf("no tool %s", argv[0])
	}
	call, err := tool.Parse(argv[1:], nil)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	err = tool.RunOutput(context.Background(), call, compat.Env{Client: client, Out: &out, Now: func() time.Time { return goldenClock }})
	return out.String(), err
}

// The requests the write tools send: the members and values their old
// tools sent (ids as typed where the old tool kept them as text), wrapped
// as the catalogue describes each verb; a lookup first where the old tool
// loaded the object.
func TestWriteRequests(t *testing.T) {
	t.Parallel()
	f := strings.Fields
	cases := []struct {
		argv []string
		want []string
	}{
		{f("dcm-create-server -p m1.large -m 300 -d 64351 -D web -n web-03 -b 1512 -v 5 -u hello"),
			[]string{`POST infrastructure/Server {"launch":[{"budget":"1512","dataCenter":"64351","description":"web","machineImage":"300","name":"web-03","product":{"productId":"m1.large"},"userData":"hello","vlan":"5"}]}`}},
		{f("dcm-stop-server -s 0331810"), []string{`PUT infrastructure/Server/331810 {"stop":[{}]}`}},
		{f("dcm-terminate-server -s 331810"), []string{`DELETE infrastructure/Server/331810?reason=no+reason+provided`}},
		{f("dcm-set-server-terminate -s 331810 -x 2"), []string{`GET infrastructure/Server/331810`, `DELETE infrastructure/Server/331810?terminateAfter=7200000`}},
		// Local time is the clock's zone; 26.5 hours after the clock are
		// 26 whole hours.
		{[]string{"dcm-set-server-terminate", "-s", "331810", "-d", "2014-06-06 14:30:00"},
			[]string{`GET infrastructure/Server/331810`, `DELETE infrastructure/Server/331810?terminateAfter=93600000`}},
		{f("dcm-create-volume -b 1512 -d 64351 -D data -n data-01 -s 20"),
			[]string{`POST infrastructure/Volume {"addVolume":[{"budget":1512,"dataCenter":64351,"description":"data","name":"data-01","sizeInGb":20}]}`}},
		{f("dcm-attach-volume -v 5102 -s 331810 -d /dev/sdf"),
			[]string{`GET infrastructure/Volume/5102`, `PUT infrastructure/Volume/5102 {"attach":[{"deviceId":"/dev/sdf","server":{"serverId":331810}}]}`}},
		{f("dcm-delete-volume 5102"), []string{`DELETE infrastructure/Volume/5102`}},
		{f("dcm-create-machine-image -D d -n img -b 1512 -s 331810 -g 7501"),
			[]string{`POST infrastructure/MachineImage {"imageServer":[{"budget":1512,"description":"d","name":"img","owningGroups":[{"groupId":"7501"}],"server":{"serverId":331810}}]}`}},
		{f("dcm-update-server-group -s 331810 -g 7502"), []string{`PUT infrastructure/Server/331810 {"assignGroups":[{"owningGroups":[{"groupId":7502}]}]}`}},
		{f("dcm-update-volume-billing-code -v 5101 -b 1513"), []string{`PUT infrastructure/Volume/5101 {"assignBudget":[{"budget":1513}]}`}},
		{f("dcm-create-network -b 1512 -n lab -a 10.20.0.0/16 -r 19344 -D lab -d 10.20.0.2"),
			[]string{`POST network/Network {"addNetwork":[{"budget":"1512","description":"lab","dnsServers":["10.20.0.2"],"name":"lab","networkAddress":"10.20.0.0/16","region":"19344"}]}`}},
		{f("dcm-set-role -g 7502 -r 9002 -a 20001"), []string{`PUT admin/Group/7502 {"setRole":{"group":{"account":{"accountId":20001},"role":{"roleId":9002}}}}`}},
		{f("dcm-update-group -g 7502 -n Devs"), []string{`GET admin/Group/7502`, `PUT admin/Group/7502 {"describeGroup":{"group":{"description":"Application developers","name":"Devs"}}}`}},
		{f("dcm-delete-billing-code -b 1514 -r merged -R 1512"), []string{`GET admin/BillingCode/1514`, `DELETE admin/BillingCode/1514?reason=merged&replacementCode=1512`}},
		{f("dcm-post admin/Group?x=1 --json testdata/golden/writes/data/group.json"),
			[]string{`POST admin/Group?x=1 {"addGroup": {"group": {"name": "qa", "description": "Testers"}}}`}},
		{f("dcm-create-billing-code -n lab -c LAB-1 --soft 100 --hard 200 -d Lab"),
			[]string{`POST admin/BillingCode {"addBillingCode":[{"description":"Lab","financeCode":"LAB-1","hardQuota":{"currency":"USD","value":"200"},"name":"lab","softQuota":{"currency":"USD","value":"100"},"status":"ACTIVE"}]}`}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.argv, " "), func(t *testing.T) {
			t.Parallel()
			client, rec := writeEmulator(t)
			if _, err := run(t, client, tc.argv...); err != nil {
				t.Fatal(err)
			}
			if strings.Join(rec.reqs, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(rec.reqs, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// What the old parsers or the old code refused before any request.
func TestWriteRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		argv, want  string
		unsupported bool
	}{
		{"dcm-set-server-terminate -s 5 -x soon", "invalid literal for int()", false},
		{"dcm-set-server-terminate -s 5 -d tomorrow", "does not match format", false},
		{"dcm-create-volume -b 1 -d 1 -D d -n n -s big", "argument --size: invalid int value: 'big'", false},
		{"dcm-delete-volume five", "argument volumeid: invalid int value: 'five'", false},
		{"dcm-create-machine-image -D d -n n -b x -s 1 -g 1", "--budget: invalid literal for int()", false},
		{"dcm-create-user -f a -l b -e c -b 1,x", "invalid literal for int()", false},
		{"dcm-set-acl -i", "-i expects a value", false},
		{"dcm-post infrastructure/Volume --json a --xml b", "argument --json: not allowed with argument --xml", false},
		{"dcm-set-acl -r 1 -i /nonexistent/acl.json", "does not seem to be a file at all", false},
		{"dcm-set-acl -r 1 --url http://x", "--url", true},
	}
	for _, tc := range cases {
		client, rec := writeEmulator(t)
		_, err := run(t, client, strings.Fields(tc.argv)...)
		var ue *compat.UnsupportedError
		var usage *compat.UsageError
		switch {
		case err == nil || !strings.Contains(err.Error(), tc.want):
			t.Errorf("%s: error %v, want one containing %q", tc.argv, err, tc.want)
		case errors.As(err, &ue) != tc.unsupported:
			t.Errorf("%s: unsupported = %v, want %v", tc.argv, !tc.unsupported, tc.unsupported)
		case !tc.unsupported && !errors.As(err, &usage):
			t.Errorf("%s: %v is no usage error", tc.argv, err)
		case len(rec.reqs) > 0:
			t.Errorf("%s: sent %v before refusing", tc.argv, rec.reqs)
		}
	}
}

// dcm-set-acl -i FILE grants the entries of the file's first member, and
// dcm-create-user --json FILE creates each user of the file, printing
// each id.
func TestWriteToolsReadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	acl := filepath.Join(dir, "acl.json")
	if err := os.WriteFile(acl, []byte(`{"access": [{"action": "UseAPI", "qualifier": "ANY", "resourceType": "CONSOLE", "role": 9002}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	client, rec := writeEmulator(t)
	if out, err := run(t, client, "dcm-set-acl", "-r", "9002", "-i", acl); err != nil || out != "" {
		t.Fatalf("set-acl -i: %q, %v", out, err)
	}
	want := `PUT admin/Role/9002 {"grant":[{"acl":[{"action":"UseAPI","qualifier":"ANY","resourceType":"CONSOLE","role":9002}]}]}`
	if len(rec.reqs) != 1 || rec.reqs[0] != want {
		t.Errorf("set-acl -i sent %v, want %s", rec.reqs, want)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"access": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, client, "dcm-set-acl", "-r", "9002", "-i", bad)
	var exit *compat.ExitError
	if !errors.As(err, &exit) || exit.Code != 255 || out != "Invalid JSON. Exiting.\n" {
		t.Errorf("set-acl -i with invalid JSON: %q, %v", out, err)
	}

	users := filepath.Join(dir, "users.json")
	if err := os.WriteFile(users, []byte(`[
		{"account_id": 20001, "billing_code_id": [1512], "group_id": 7502, "given_name": "Guybrush",
		 "family_name": "Threepwood", "email_address": "guybrush@example.com", "password": "pw", "ssh_key": null},
		{"account_id": 20001, "billing_code_id": [1512, 1513], "group_id": 7503, "given_name": "Davy",
		 "family_name": "Jones", "email_address": "davy@example.com", "password": null, "ssh_key": null}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, client, "dcm-create-user", "--json", users)
	if err != nil || out != "13521\n13522\n" {
		t.Errorf("create-user --json: %q, %v", out, err)
	}
	out, err = run(t, client, "dcm-create-user", "-j", filepath.Join(dir, "missing.json"))
	if !errors.As(err, &exit) || exit.Code != 1 || !strings.HasSuffix(out, "missing.json is not a file.\n") {
		t.Errorf("create-user -j of a missing file: %q, %v", out, err)
	}
}

// mixcoatl --version names this program's version where the old command
// named mixcoatl's and PyPI's; it needs no client.
func TestMixcoatlVersion(t *testing.T) {
	t.Parallel()
	for _, argv := range [][]string{{"mixcoatl", "--version"}, {"mixcoatl", "-v", "-r"}} {
		out, err := run(t, nil, argv...)
		want := "Mixcoatl version installed: " + dcm.Version + "\nAll available versions:\n" + dcm.Version + "\n"
		if err != nil || out != want {
			t.Errorf("%v: %q, %v; want %q", argv, out, err, want)
		}
	}
}
