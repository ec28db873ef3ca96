package compat

import (
	"errors"
	"slices"
	"strings"
	"testing"
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

// No tool is translated any more: each prints the old output itself, is
// run by the cli package (Special) or is unsupported.
func TestNoToolTranslates(t *testing.T) {
	t.Parallel()
	for _, tool := range Tools() {
		special := tool.Name == "dcm-check-job" || tool.Name == "mixcoatl"
		if !tool.HasOutput() && !special && tool.Unsupported == "" {
			t.Errorf("%s neither prints its output nor is special", tool.Name)
		}
		if tool.HasOutput() {
			if _, err := tool.Translate(&Call{Tool: tool}); err == nil {
				t.Errorf("%s prints its own output but translates too", tool.Name)
			}
		}
	}
}

// Global flags of the new CLI are kept apart for the client; "--" ends the
// options, as argparse's did.
func TestParseGlobalsAndDoubleDash(t *testing.T) {
	t.Parallel()
	tool, _ := Lookup("dcm-head")
	c, err := tool.Parse([]string{"--profile=prod", "admin/Group/77"}, testGlobals)
	if err != nil || !slices.Equal(c.Globals, []string{"--profile=prod"}) || c.Arg(0) != "admin/Group/77" {
		t.Errorf("--profile=prod admin/Group/77: %+v, %v", c, err)
	}
	c, err = tool.Parse([]string{"--", "-odd/path"}, testGlobals)
	if err != nil || c.Arg(0) != "-odd/path" || len(c.Globals) != 0 {
		t.Errorf("-- -odd/path: %+v, %v", c, err)
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
	tool, _ = Lookup("mixcoatl")
	c, err = tool.Parse([]string{"-r"}, nil)
	if err != nil || tool.Special(c) != SpecialResetConfig {
		t.Fatalf("mixcoatl -r: special %q err %v", tool.Special(c), err)
	}
	// --version wins over --reset_config, as the old if/elif had it.
	for _, argv := range [][]string{{"-v"}, {"-v", "-r"}, {}} {
		if c, _ := tool.Parse(argv, nil); tool.Special(c) != SpecialNone {
			t.Errorf("mixcoatl %v is special", argv)
		}
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
