package models_test

import (
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

func TestModelBuiltInCodeOmitsUnsetFields(t *testing.T) {
	t.Parallel()
	v := models.Volume{Name: "data", Encrypted: false, SizeInGb: 0, Extra: sdk.Extra{"zone": json.RawMessage(`"b"`)}}
	if got, want := string(mustJSON(t, v)), `{"name":"data","zone":"b"}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	x, err := xml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(x), `<volume><name>data</name><zone>b</zone></volume>`; got != want {
		t.Errorf("XML = %s, want %s", got, want)
	}
}

// TestReadModifyWriteKeepsZeroMembers: what was read is written back with
// the caller's changes; a member set to zero stays, a null member given a
// value writes the value.
func TestReadModifyWriteKeepsZeroMembers(t *testing.T) {
	t.Parallel()
	var v models.Volume
	// In the model's member order, so that the output can be compared as text.
	in := `{"volumeId":51200,"name":"data","label":null,"encrypted":false,"sizeInGb":0,"deviceId":null,"server":null}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if got := string(mustJSON(t, v)); got != in {
		t.Errorf("unchanged: %s, want %s", got, in)
	}
	v.Name = ""
	v.Label = "blue"
	v.SizeInGb = 8
	want := `{"volumeId":51200,"name":"","label":"blue","encrypted":false,"sizeInGb":8,"deviceId":null,"server":null}`
	if got := string(mustJSON(t, v)); got != want {
		t.Errorf("modified: %s, want %s", got, want)
	}
	var built models.Volume // the same changes on a model built in code
	built.VolumeID, built.Label, built.SizeInGb = 51200, "blue", 8
	if got, want := string(mustJSON(t, built)), `{"volumeId":51200,"label":"blue","sizeInGb":8}`; got != want {
		t.Errorf("built in code: %s, want %s", got, want)
	}
}

// TestDecodingIntoADecodedModelAddsMembers: like encoding/json, decoding
// into a model keeps the fields the new object lacks, and the members
// read before stay present; a member read again takes its new nullness.
func TestDecodingIntoADecodedModelAddsMembers(t *testing.T) {
	t.Parallel()
	var u models.User
	for _, in := range []string{`{"userId":3,"editable":false,"email":null}`, `{"hasCloudAPIAccess":false,"email":""}`} {
		if err := json.Unmarshal([]byte(in), &u); err != nil {
			t.Fatal(err)
		}
	}
	want := `{"userId":3,"email":"","editable":false,"hasCloudAPIAccess":false}`
	if got := string(mustJSON(t, u)); got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
	// The fallback decoder (a member named up to case) records presence too.
	var s models.Server
	if err := json.Unmarshal([]byte(`{"ServerID":0,"imageable":false}`), &s); err != nil {
		t.Fatal(err)
	}
	if got, want := string(mustJSON(t, s)), `{"serverId":0,"imageable":false,"ServerID":0}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}

// TestEmbeddedReferenceKeepsZeroMembers: a reference answered in extended
// detail writes back its object, zero members included.
func TestEmbeddedReferenceKeepsZeroMembers(t *testing.T) {
	t.Parallel()
	in := `{"serverId":1,"cloud":{"cloudId":3,"privateCloud":false,"documentationLabel":null},"region":{"regionId":0}}`
	var s models.Server
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	want := `{"serverId":1,"cloud":{"cloudId":3,"privateCloud":false,"documentationLabel":null},"region":{"regionId":0}}`
	if got := string(mustJSON(t, s)); got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}
