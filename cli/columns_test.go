package cli

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/wire"
)

// No default column is empty in every row: for every resource, its table
// and wide columns are read (through -o csv, which prints the wide
// columns, those of the table first) from the seeded emulator, a list
// with the catalogue's example filters or, for resources read only by
// id, a get of the example.
func TestNoDefaultColumnIsAlwaysEmpty(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	for _, res := range catalog.Load().Resources {
		t.Run(res.Name, func(t *testing.T) {
			t.Parallel()
			args := []string{resourceCommandName(res), "list", "-o", "csv"}
			if res.Has(catalog.KindList) {
				args = append(args, requiredFilterArgs(res)...)
			} else {
				args = []string{resourceCommandName(res), "get", "-o", "csv"}
				if !res.Flat {
					args = append(args, seededID(res))
				}
				args = append(args, getParamArgs(res)...)
			}
			got := runResource(t, emu, nil, args...)
			if got.code != ExitOK {
				t.Fatalf("%v: exit %d\n%s", args, got.code, got.stderr)
			}
			rows, err := csv.NewReader(strings.NewReader(got.stdout)).ReadAll()
			if err != nil || len(rows) < 2 {
				t.Fatalf("%v: %d rows, %v\n%s", args, len(rows), err, got.stdout)
			}
			for i, col := range rows[0] {
				empty := true
				for _, row := range rows[1:] {
					empty = empty && row[i] == ""
				}
				if empty {
					t.Errorf("default column %s is empty in all %d rows: choose a column the data has (catalog.json columns/wideColumns)", col, len(rows)-1)
				}
			}
		})
	}
}

// getParamArgs are the required get parameters of a get-only resource
// (analytics periods), with their catalogue examples.
func getParamArgs(res *catalog.Resource) []string {
	op, ok := res.Op(catalog.KindGet, "", "")
	if !ok {
		return nil
	}
	var args []string
	for _, p := range op.Params {
		if p.Required && p.Example != "" {
			args = append(args, "--"+wire.Kebab(p.Name), p.Example)
		}
	}
	return args
}
