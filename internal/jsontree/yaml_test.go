package jsontree

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// YAML keeps member order and number text, writes plain what no reader
// could take for something else, and reads back (with a YAML 1.1 reader)
// as the JSON it came from.
func TestYAML(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`{"b":1,"a":[true,null,"x"],"c":{}}`, "b: 1\na:\n- true\n- null\n- x\nc: {}\n"},
		{`[{"k":"v","n":1.50},[]]`, "- k: v\n  \"n\": 1.50\n- []\n"}, // n is a YAML 1.1 boolean
		{`"yes"`, "\"yes\"\n"},
		{`{"s":"a: b","t":"12","u":"line\nbreak","e":""}`, "s: \"a: b\"\nt: \"12\"\nu: \"line\\nbreak\"\ne: \"\"\n"},
	} {
		got, err := YAML([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("YAML(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
			continue
		}
		back, err := yaml.YAMLToJSON(got)
		if err != nil {
			t.Fatalf("YAML of %s does not parse: %v", tc.in, err)
		}
		var want, have any
		if err := json.Unmarshal([]byte(tc.in), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(back, &have); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("YAML of %s reads back differently:\n%s", tc.in, diff)
		}
	}
	if _, err := YAML([]byte(`{"a":`)); err == nil {
		t.Error("YAML of invalid JSON: no error")
	}
}
