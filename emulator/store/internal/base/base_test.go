package base

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// IntegerID is strconv.ParseInt for ids without surrounding space, its
// shortcut for ids that cannot be numbers included.
func TestIntegerIDIsParseInt(t *testing.T) {
	for _, id := range []string{"0", "7", "007", "-5", "+5", "-", "+", "9223372036854775807", "9223372036854775808",
		"/", "00000000000001767225600000|job|3", "a1", " 1", "1 ", "", "1e3", "0x10", "1_000", "١"} {
		n, ok := IntegerID(id)
		want, err := strconv.ParseInt(id, 10, 64)
		wantOK := err == nil && id != "" && strings.TrimSpace(id) == id
		if ok != wantOK || ok && n != want {
			t.Errorf("IntegerID(%q) = %d, %v; want %d, %v", id, n, ok, want, wantOK)
		}
	}
}

// validJSON answers as json.Valid, for valid and invalid documents alike
// (the scanner's shortcut accepts only what json.Valid accepts).
func TestValidJSONIsJSONValid(t *testing.T) {
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	for _, doc := range []string{`{}`, ` {"a":[1,2.5e-3,true,false,null,"x\u00e9\n"]} `, `"\xff"`, "\"a\tb\"", `{"a":1,}`,
		`[1 2]`, `01`, `1.`, `-`, `"\x"`, `nul`, ``, ` `, `{"a":1}x`, `{"a":{"b":[{}]}}`, `1e`, `"\ud800"`, deep,
		strings.Repeat("[", 100) + strings.Repeat("]", 100), "\x00", `{"a" 1}`, `[,]`} {
		if got, want := validJSON([]byte(doc)), json.Valid([]byte(doc)); got != want {
			t.Errorf("validJSON(%.40q) = %v, json.Valid %v", doc, got, want)
		}
	}
}

func BenchmarkValidJSON(b *testing.B) {
	doc := []byte(`{"serverId":6001,"name":"bench","description":"load","budget":1513,"status":"PENDING",` +
		`"product":{"productId":"m1.large","cpuCount":2},"dataCenter":{"dataCenterId":64351},"startDate":"2026-12-03T12:00:00.000+0000"}`)
	for range b.N {
		if !validJSON(doc) {
			b.Fatal("valid document refused")
		}
	}
}
