package sdk_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/sdk"
)

func TestTimestampForms(t *testing.T) {
	t.Parallel()
	want := time.Date(2014, 5, 20, 14, 6, 40, 123e6, time.UTC)
	for _, in := range []string{`"2014-05-20T14:06:40.123+0000"`, `"2014-05-20T16:06:40.123+02:00"`, `1400594800123`, `"1400594800123"`} {
		var ts sdk.Timestamp
		if err := json.Unmarshal([]byte(in), &ts); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !ts.Equal(want) || ts.IsZero() {
			t.Errorf("%s → %v", in, ts)
		}
		out, _ := json.Marshal(ts)
		if string(out) != `"2014-05-20T14:06:40.123+0000"` {
			t.Errorf("%s re-encodes as %s", in, out)
		}
	}
	var epoch sdk.Timestamp
	if err := json.Unmarshal([]byte(`"1970-01-01T00:00:00.000+0000"`), &epoch); err != nil || epoch.IsZero() {
		t.Fatalf("the epoch is the API's unknown time and must stay set: %v %v", epoch, err)
	}
	var bad sdk.Timestamp
	if err := json.Unmarshal([]byte(`"yesterday"`), &bad); err == nil {
		t.Fatal("want an error for a non-timestamp")
	}
}

func TestMoneyForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]sdk.Money{
		`{"currency":"USD","value":11.01}`: {Currency: "USD", Value: 11.01},
		`"USD50.00"`:                       {Currency: "USD", Value: 50},
	} {
		var m sdk.Money
		if err := json.Unmarshal([]byte(in), &m); err != nil || m != want {
			t.Errorf("%s → %+v, %v", in, m, err)
		}
	}
	if s := (sdk.Money{Currency: "EUR", Value: 1.5}).String(); s != "EUR1.50" {
		t.Errorf("String = %s", s)
	}
}

func TestIDEncodesNumbersAsNumbers(t *testing.T) {
	t.Parallel()
	for id, want := range map[sdk.ID]string{"1512": `1512`, "m1.large": `"m1.large"`, sdk.IntID(7): `7`} {
		b, err := json.Marshal(id)
		if err != nil || string(b) != want {
			t.Errorf("%q → %s, %v", id, b, err)
		}
	}
	var id sdk.ID
	if err := json.Unmarshal([]byte(`331810`), &id); err != nil || id != "331810" {
		t.Errorf("number → %q, %v", id, err)
	}
}
