package models_test

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

func TestPrettyAndYAMLUseWireNames(t *testing.T) {
	t.Parallel()
	dc := models.DataCenter{DataCenterID: 64351, Name: "us-west-2a", Extra: sdk.Extra{"zoneType": []byte(`"standard"`)}}
	pretty := dc.String()
	for _, want := range []string{"{\n  \"dataCenterId\": 64351,\n", `"name": "us-west-2a"`, `"zoneType": "standard"`} {
		if !strings.Contains(pretty, want) {
			t.Errorf("String() lacks %q:\n%s", want, pretty)
		}
	}
	y, err := sdk.YAML(dc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dataCenterId: 64351\n", "name: us-west-2a\n", "zoneType: standard\n"} {
		if !strings.Contains(string(y), want) {
			t.Errorf("YAML lacks %q:\n%s", want, y)
		}
	}
}
