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
		{"dcm-head infrastructure/Server", "head|infrastructure/Server"},
		{"mixcoatl -v", "version"},
		{"mixcoatl --reset_config", "configure"},
		// Global flags of the new CLI pass through, in front.
		{"dcm-head --profile=prod admin/Group/77", "--profile=prod|head|admin/Group/77"},
		// argparse conveniences: "--" (prefixes and bundles: TestParseConveniences).
		{"dcm-head -- -odd/path", "head|-odd/path"},
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
		{"dcm-check-job", "expected JOBID, got 0 argument(s)", false},
		{"dcm-delete a b", "expected BASEPATH, got 2 argument(s)", false},
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
