package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
)

// missingFlags is a command line that lacks required flags, all named at
// once: a user fixes the line once, not once per flag.
func missingFlags(cmd string, flags []string, hint string) error {
	what := flags[0] + " is"
	if len(flags) > 1 {
		what = strings.Join(flags[:len(flags)-1], ", ") + " and " + flags[len(flags)-1] + " are"
	}
	return usagef("%s: %s required%s", cmd, what, hint)
}

// missingParams names every required parameter (list filter, delete
// parameter) that is not given, by asking the executor's own rule
// (sdk.CheckParams) until it is satisfied.
func missingParams(params []catalog.Param, given url.Values) []*sdk.MissingFilterError {
	given = maps.Clone(given)
	if given == nil {
		given = url.Values{}
	}
	var out []*sdk.MissingFilterError
	for range params {
		mf, ok := errors.AsType[*sdk.MissingFilterError](sdk.CheckParams("", params, given))
		if !ok {
			break
		}
		out = append(out, mf)
		given.Set(mf.Filter, "")
	}
	return out
}

// paramFlag is how a missing parameter is named: "--region-id (or
// --machine-image-id)".
func paramFlag(mf *sdk.MissingFilterError) string {
	s := "--" + wire.Kebab(mf.Filter)
	if len(mf.Unless) > 0 {
		s += " (or --" + kebabAll(mf.Unless, " or --") + ")"
	}
	return s
}

// fieldFlagName is how a missing payload field is named: its flag, with
// the spellings the catalogue also accepts ("--machine-image (--image)").
func (rc *resourceCommand) fieldFlagName(field string) string {
	s := "--" + wire.Kebab(field)
	if aliases := rc.cat.FieldAliases[field]; len(aliases) > 0 {
		s += " (--" + strings.Join(aliases, ", --") + ")"
	}
	return s
}

// checkRequired runs before any configuration is read: every parameter and
// every field that each form of the op requires must be given, by a flag
// or in --data; all that are missing are named in one message. Fields only
// some API versions require are checked once the version is known
// (checkForm).
func (w *writeRun) checkRequired() error {
	given := url.Values{}
	for _, p := range w.o.og.Params() {
		if flagChanged(w.fs, wire.Kebab(p.Name)) {
			given.Set(p.Name, "")
		}
	}
	var flags, fields []string
	for _, mf := range missingParams(w.o.og.Params(), given) {
		flags = append(flags, paramFlag(mf))
	}
	for _, f := range w.o.og.Fields() {
		if w.given(f.Name) || defaultedField(w.o.og, f) || !requiredInEveryForm(w.o.og, f.Name) {
			continue
		}
		flags = append(flags, w.rc.fieldFlagName(f.Name))
		fields = append(fields, f.Name)
	}
	if len(flags) == 0 {
		return nil
	}
	hint := ""
	if len(fields) > 0 {
		hint = fmt.Sprintf(" (%s needs %s)", w.o.og.Verb, strings.Join(fields, ", "))
	}
	return missingFlags(w.name(), flags, hint)
}

// given reports whether a payload member is set by a flag, --data or the
// command itself.
func (w *writeRun) given(member string) bool {
	if _, ok := w.data[member]; ok {
		return true
	}
	if _, ok := w.o.set[member]; ok {
		return true
	}
	return slices.ContainsFunc(w.o.fields, func(ff *fieldFlag) bool {
		return ff.field.Name == member && flagChanged(w.fs, ff.flag)
	})
}

// requiredInEveryForm reports a field that every form of the op takes and
// requires.
func requiredInEveryForm(og *opGroup, name string) bool {
	for _, form := range og.Forms {
		i := slices.IndexFunc(form.Fields, func(f *catalog.Field) bool { return f.Name == name })
		if i < 0 || !form.Fields[i].Required {
			return false
		}
	}
	return true
}

// checkForm names, in one message, every field the form of the client's
// API version requires that the payload lacks, by asking the executor
// (Operation.Prepare) until it is satisfied.
func (w *writeRun) checkForm(payload map[string]any, q url.Values) error {
	probe := maps.Clone(payload)
	var flags, fields []string
	for range w.form.Fields {
		_, err := w.op.Prepare(w.version, probe, q)
		mf, ok := errors.AsType[*sdk.MissingFieldError](err)
		if !ok {
			break
		}
		flags = append(flags, w.rc.fieldFlagName(mf.Field))
		fields = append(fields, mf.Field)
		probe[mf.Field] = json.RawMessage("null")
	}
	if len(flags) > 0 {
		return missingFlags(w.name(), flags, fmt.Sprintf(" (%s needs %s in API version %s)", w.o.og.Verb, strings.Join(fields, ", "), w.version))
	}
	return nil
}
