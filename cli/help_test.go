package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// camelVerb matches an API op name such as assignBudget or describeServer.
var camelVerb = regexp.MustCompile(`\b[a-z]+[A-Z][A-Za-z]*\b`)

// Help is written for people, for all 53 resources: every verb has a
// sentence of its own (for writes, the catalogue's), not built from the
// API's op name; every flag with allowed values lists them.
func TestHelpIsWrittenForPeople(t *testing.T) {
	t.Parallel()
	env := Env{}.withDefaults()
	root := newRootCommand(&env)
	cat := catalog.Load()
	for _, res := range cat.Resources {
		cmd, _, err := root.Find([]string{resourceCommandName(res)})
		if err != nil {
			t.Fatal(err)
		}
		shorts := map[string]string{}
		for _, og := range writeOpGroups(res) {
			first, _ := og.summary()
			if first == "" {
				t.Errorf("%s %s: the catalogue has no sentence for it (an op's doc)", res.Name, og.commandName())
			}
		}
		for _, verb := range cmd.Commands() {
			where := res.Name + " " + verb.Name()
			if verb.Short == "" || strings.HasPrefix(verb.Short, "Perform ") || camelVerb.MatchString(verb.Short) {
				t.Errorf("%s: %q reads like the API, not like a sentence", where, verb.Short)
			}
			if other, dup := shorts[verb.Short]; dup {
				t.Errorf("%s and %s share the sentence %q", where, other, verb.Short)
			}
			shorts[verb.Short] = verb.Name()
			checkEnumFlags(t, where, verb, res)
		}
	}
}

// checkEnumFlags: a flag whose field or parameter has allowed values lists
// every one in its help.
func checkEnumFlags(t *testing.T, where string, verb *cobra.Command, res *catalog.Resource) {
	t.Helper()
	var usage strings.Builder
	if err := writeUsage(&usage, verb, catalog.Load().DefaultVersion); err != nil {
		t.Fatal(err)
	}
	verb.LocalFlags().VisitAll(func(f *pflag.Flag) {
		values := flagValues(f.Name, res)
		for _, v := range values {
			if !strings.Contains(f.Usage, v) {
				t.Errorf("%s --%s: help %q does not list %s", where, f.Name, f.Usage, v)
			}
		}
	})
	for _, flag := range []string{"details"} {
		if f := verb.LocalFlags().Lookup(flag); f != nil && !strings.Contains(f.Usage, "none, basic") {
			t.Errorf("%s --%s: %q", where, flag, f.Usage)
		}
	}
}

// flagValues are the allowed values of the field or filter a flag sets.
func flagValues(flag string, res *catalog.Resource) []string {
	var values []string
	check := func(f *catalog.Field) {
		if wire.Kebab(f.Name) == flag {
			if v, _ := enumValues(f, res); len(v) > 0 {
				values = v
			}
		}
	}
	for _, og := range res.WriteOps() {
		for _, f := range (&opGroup{og}).Fields() {
			check(f)
		}
	}
	for _, p := range res.Filters {
		check(&catalog.Field{Name: p.Name, Type: p.Type})
	}
	return values
}

// A flag only some API versions take is shown under those versions, and
// marked required only when the active version requires it; the names
// users know (aliases) are shown beside the verbs.
func TestHelpGroupsFlagsByAPIVersion(t *testing.T) {
	t.Parallel()
	help := func(version string) string {
		res := runCLI(t, map[string]string{"DCM_API_VERSION": version}, "", "firewall-rule", "add-rule", "--help")
		if res.code != ExitOK {
			t.Fatalf("exit %d\n%s", res.code, res.stderr)
		}
		return res.stdout
	}
	old := help("2012-06-15")
	if !regexp.MustCompile(`Flags of API before 2014-07-30 \(the active version, 2012-06-15\):\n +--cidr string +cidr \(required\)`).MatchString(old) {
		t.Errorf("2012-06-15 help:\n%s", old)
	}
	if regexp.MustCompile(`--source string .*\(required\)`).MatchString(old) {
		t.Errorf("--source marked required at 2012-06-15:\n%s", old)
	}
	cur := help("2015-06-29")
	if !regexp.MustCompile(`--source string .*\(required\)`).MatchString(cur) || regexp.MustCompile(`--cidr string .*\(required\)`).MatchString(cur) {
		t.Errorf("2015-06-29 help:\n%s", cur)
	}
	server := runCLI(t, nil, "", "server", "--help").stdout
	for _, want := range []string{"delete (rm, terminate)", "stop  ", "pause  ", "launch (create)"} {
		if !strings.Contains(server, want) {
			t.Errorf("server help lacks %q:\n%s", want, server)
		}
	}
	launch := runCLI(t, nil, "", "server", "launch", "--help").stdout
	for _, want := range []string{"--machine-image", "also --image", "--data-center", "also --datacenter"} {
		if !strings.Contains(launch, want) {
			t.Errorf("launch help lacks %q", want)
		}
	}
}

// The root help groups commands: resources by scope, raw requests, tools.
func TestRootHelpGroupsCommands(t *testing.T) {
	t.Parallel()
	out := runCLI(t, nil, "", "--help").stdout
	titles := []string{"Admin resources:", "Infrastructure resources:", "Raw requests", "Tools:"}
	last := -1
	for _, title := range titles {
		i := strings.Index(out, title)
		if i < 0 || i < last {
			t.Errorf("root help: %q missing or out of order", title)
		}
		last = i
	}
	tools := out[strings.Index(out, "Tools:"):]
	for _, c := range []string{"api-versions", "configure", "emulator", "completion", "docs"} {
		if !strings.Contains(tools, "\n  "+c) {
			t.Errorf("%s is not among the tools", c)
		}
	}
	if !slices.ContainsFunc(strings.Split(out[strings.Index(out, "Raw requests"):strings.Index(out, "Tools:")], "\n"), func(l string) bool {
		return strings.HasPrefix(strings.TrimSpace(l), "get ")
	}) {
		t.Errorf("get is not among the raw requests")
	}
}
