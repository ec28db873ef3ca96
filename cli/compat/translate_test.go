package compat

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testGlobals stands for the new CLI's persistent flags.
func testGlobals(name string, short bool) (takesValue, ok bool) {
	if short {
		return false, false
	}
	switch name {
	case "profile", "endpoint", "local-state":
		return true, true
	case "local", "debug":
		return false, true
	}
	return false, false
}

// translate parses and translates one old command line (argv[0] = tool).
func translate(argv ...string) ([]string, error) {
	tool, ok := Lookup(argv[0])
	if !ok {
		return nil, errors.New("no tool " + argv[0])
	}
	c, err := tool.Parse(argv[1:], testGlobals)
	if err != nil {
		return nil, err
	}
	return tool.Translate(c)
}

func TestTranslateEveryTool(t *testing.T) {
	t.Parallel()
	cases := []struct {
		old  string // the old command line, split on spaces
		want string // the new one, split on "|"
	}{
		{"es-dump.py geography/DataCenter {'regionId':19344}", "get|geography/DataCenter|{'regionId':19344}|--details|extended"},
		{"es-dump.py infrastructure/Server/12345 {} basic", "get|infrastructure/Server/12345|{}|basic"},
		{"es-dump admin/Job", "get|admin/Job|--details|extended"},
		{"dcm-get geography/Region?jurisdiction=US --extended --statuscode", "get|geography/Region?jurisdiction=US|--extended|--statuscode"},
		{"dcm-get admin/Job --xml", "get|admin/Job|--xml"},
		{"dcm-get admin/Job --json", "get|admin/Job"},
		{"dcm-post infrastructure/Volume --json create.json", "post|infrastructure/Volume|--data|@create.json"},
		{"dcm-post infrastructure/Volume --xml=create.xml", "post|infrastructure/Volume|--data|@create.xml|--xml"},
		{"dcm-put infrastructure/Server/5090 --json -", "put|infrastructure/Server/5090|--data|-"},
		{"dcm-delete admin/Group/77", "delete|admin/Group/77"},
		{"dcm-head infrastructure/Server", "head|infrastructure/Server"},
		{"mixcoatl -v", "version"},
		{"mixcoatl --reset_config", "configure"},
		{"dcm-start-server -s 5", "server|start|5"},
		{"dcm-stop-server --server_id 5", "server|stop|5|--yes"},
		{"dcm-pause-server -s5", "server|pause|5"},
		{"dcm-terminate-server -s 5 -r done", "server|delete|5|--reason|done|--yes"},
		{"dcm-rename-server -s 5 -n web", "server|describe-server|5|--name|web"},
		{"dcm-set-server-terminate -s 5 -x 2", "server|delete|5|--terminate-after|48h0m0s|--yes"},
		{"dcm-set-server-terminate -s 5 -x 90m", "server|delete|5|--terminate-after|1h30m0s|--yes"},
		{"dcm-create-server -p 652 -m 300 -d 1 -D web -n web-1 -b 7 -k key", "server|launch|--product|652|--machine-image|300|--data-center|1|--description|web|--name|web-1|--budget|7|--keypair|key"},
		{"dcm-create-volume -b 7 -d 1 -D data -n v1 -s 10", "volume|add-volume|--budget|7|--data-center|1|--description|data|--name|v1|--size-in-gb|10"},
		{"dcm-attach-volume -v 4 -s 5 -d /dev/sdf", "volume|attach|4|--server|5|--device-id|/dev/sdf"},
		{"dcm-detach-volume -v 4", "volume|detach|4|--yes"},
		{"dcm-delete-volume 4 -r old", "volume|delete|4|--reason|old|--yes"},
		{"dcm-create-machine-image -D d -n img -b 7 -s 5 -g 3", "machine-image|image-server|--server|5|--name|img|--description|d|--budget|7|--owning-groups|3"},
		{"dcm-update-machine-image-billing-code -m 300 -b 7", "machine-image|assign-budget|300|--budget|7"},
		{"dcm-update-machine-image-group -m 300 -g 3", "machine-image|assign-groups|300|--owning-groups|3"},
		{"dcm-update-server-billing-code -s 5 -b 7", "server|assign-budget|5|--budget|7"},
		{"dcm-update-server-group -s 5 -g 3", "server|assign-groups|5|--owning-groups|3"},
		{"dcm-update-volume-billing-code -v 4 -b 7", "volume|assign-budget|4|--budget|7"},
		{"dcm-update-volume-group -v 4 -g 3", "volume|assign-groups|4|--owning-groups|3"},
		{"dcm-create-network -b 7 -n net -a 10.0.0.0/16 -r 1 -D d -d 8.8.8.8", "network|add-network|--budget|7|--name|net|--network-address|10.0.0.0/16|--region|1|--description|d|--dns-servers|8.8.8.8"},
		{"dcm-delete-network -i 8", "network|delete|8|--yes"},
		{"dcm-create-group -n ops -d Ops", "group|add-group|--name|ops|--description|Ops"},
		{"dcm-update-group -g 3 -n ops2", "group|describe-group|3|--name|ops2"},
		{"dcm-delete-group 3", "group|delete|3|--yes"},
		{"dcm-set-role -g 3 -r 4 -a 5", "group|set-role|3|--role|4|--account|5"},
		{"dcm-create-role -n r -d R -v", "role|add-role|--name|r|--description|R|-o|wide"},
		{"dcm-set-acl -r 4 -a Attach -R VOLUME -q MINE", `role|grant|4|--acl|[{"action":"Attach","qualifier":"MINE","resourceType":"VOLUME"}]`},
		{"dcm-create-user -a 5 -f Ann -l Lee -e a@b.c -g 3 -j", "user|add-user|--account|5|--given-name|Ann|--family-name|Lee|--email|a@b.c|--groups|3|-o|json"},
		{"dcm-create-billing-code -n n -c FC --soft 10 --hard 20 -d d", "billing-code|add-billing-code|--name|n|--finance-code|FC|--soft-quota|10|--hard-quota|20|--description|d"},
		{"dcm-delete-billing-code -b 7 -r r -R 8", "billing-code|delete|7|--reason|r|--replacement-code|8|--yes"},
		{"dcm-create-account -a aws -c 1 -n 123 -k K -s S", `account|add-account|--name|aws|--cloud-subscription|{"accountNumber":"123","apiKeyId":"K","apiKeySecret":"S","cloudId":1}`},
		{"dcm-assign-cloud -c 1 -i 5 -n 123 -a K -s S", `account|assign-cloud|5|--cloud-subscription|{"accountNumber":"123","apiKeyId":"K","apiKeySecret":"S","cloudId":1}`},
		{"dcm-create-cm -n chef -d d -e https://chef -b 7 -k 1", "configuration-management-service|add-service|--name|chef|--description|d|--service-endpoint|https://chef|--budget|7|--cm-system|1"},
		// Global flags of the new CLI pass through, in front.
		{"dcm-delete --profile=prod admin/Group/77", "--profile=prod|delete|admin/Group/77"},
		// argparse conveniences: "--" (prefixes and bundles: TestParseConveniences).
		{"dcm-delete -- -odd/path", "delete|-odd/path"},
	}
	covered := map[string]bool{"dcm-check-job": true, "dcm-api-tests": true} // tested below
	for _, tc := range cases {
		argv := strings.Fields(tc.old)
		covered[argv[0]] = true
		got, err := translate(argv...)
		if err != nil {
			t.Errorf("%s: %v", tc.old, err)
			continue
		}
		if diff := cmp.Diff(strings.Split(tc.want, "|"), got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.old, diff)
		}
	}
	for _, tool := range Tools() {
		if !covered[tool.Name] && !tool.HasOutput() { // those have golden runs
			t.Errorf("no translation case for %s", tool.Name)
		}
		if tool.HasOutput() {
			if _, err := tool.Translate(&Call{Tool: tool}); err == nil {
				t.Errorf("%s prints its own output but translates too", tool.Name)
			}
		}
	}
}

// Unique prefixes of long flags, bundled short flags and a short flag's
// attached value parse as argparse read them.
func TestParseConveniences(t *testing.T) {
	t.Parallel()
	tool, _ := Lookup("dcm-list-servers")
	c, err := tool.Parse([]string{"--reg", "1", "--js", "--local"}, testGlobals)
	if err != nil || c.Value("region") != "1" || !c.Bool("json") || len(c.Globals) != 1 {
		t.Errorf("--reg 1 --js --local: %+v, %v", c, err)
	}
	c, err = tool.Parse([]string{"-ve"}, nil)
	if err == nil {
		t.Errorf("-ve: -e takes a value, as it did: %+v", c)
	}
	c, err = tool.Parse([]string{"-vex"}, nil)
	if err != nil || !c.Bool("verbose") || c.Value("extended") != "x" {
		t.Errorf("-vex: %+v, %v", c, err)
	}
}

func TestTranslateRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		old         string
		wantMessage string
		unsupported bool
	}{
		{"dcm-list-storage-objects", "missing required flag(s) --regionid/-r", false},
		{"dcm-create-billing-code -n n -c c -d d", "missing required flag(s) --soft, --hard", false},
		{"dcm-post infrastructure/Volume", "one of --json, --xml is required", false},
		{"dcm-post infrastructure/Volume --json a --xml b", "choose one of", false},
		{"dcm-check-job", "expected JOBID, got 0 argument(s)", false},
		{"dcm-delete a b", "expected BASEPATH, got 2 argument(s)", false},
		{"dcm-set-server-terminate -s 5 -x soon", "expected a number of days", false},
		{"dcm-set-acl -i", "-i and --url", true},
		{"dcm-set-acl -r 1 --url http://x", "-i and --url", true},
		{"dcm-create-cm -n x -s secret", "--secretkey", true},
		{"dcm-api-tests --full", "live create-and-destroy", true},
	}
	for _, tc := range cases {
		_, err := translate(strings.Fields(tc.old)...)
		if tc.wantMessage == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.old, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantMessage) {
			t.Errorf("%s: error %v, want one containing %q", tc.old, err, tc.wantMessage)
			continue
		}
		var ue *UnsupportedError
		if errors.As(err, &ue) != tc.unsupported {
			t.Errorf("%s: unsupported = %v, want %v (%v)", tc.old, !tc.unsupported, tc.unsupported, err)
		}
	}
}

func TestHelpAndSpecialCalls(t *testing.T) {
	t.Parallel()
	for _, argv := range [][]string{{"dcm-list-servers", "-h"}, {"dcm-get", "x", "--help"}} {
		if _, err := translate(argv...); !errors.As(err, new(HelpRequest)) {
			t.Errorf("%v: %v, want a help request", argv, err)
		}
	}
	tool, _ := Lookup("dcm-check-job")
	c, err := tool.Parse([]string{"42"}, nil)
	if err != nil || tool.Special(c) != SpecialCheckJob || c.Arg(0) != "42" {
		t.Fatalf("check-job: special %q arg %q err %v", tool.Special(c), c.Arg(0), err)
	}
	tool, _ = Lookup("dcm-get")
	c, err = tool.Parse([]string{"admin/Job", "--statuscodeonly"}, nil)
	if err != nil || tool.Special(c) != SpecialStatusCodeOnly {
		t.Fatalf("dcm-get --statuscodeonly: special %q err %v", tool.Special(c), err)
	}
	if c, _ := tool.Parse([]string{"admin/Job"}, nil); tool.Special(c) != SpecialNone {
		t.Errorf("plain dcm-get is special")
	}
}

func TestToolsAreFreshCopies(t *testing.T) {
	t.Parallel()
	a := Tools()
	a[0].Name = "changed"
	if Tools()[0].Name == "changed" {
		t.Fatal("Tools shares its table between calls")
	}
}
