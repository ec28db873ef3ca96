package compat

import (
	"fmt"
	"slices"
	"strings"
)

// Flag is one option of an old tool, as its argparse parser declared it.
type Flag struct {
	Long     string // without dashes, e.g. "regionid"; "" when the tool only had a short form
	Short    string // without the dash; argparse allowed several letters ("cm")
	Bool     bool   // store_true: takes no value
	Required bool
	Help     string
}

// display is the flag as the old help showed it: "--regionid/-r".
func (f Flag) display() string {
	var names []string
	if f.Long != "" {
		names = append(names, "--"+f.Long)
	}
	if f.Short != "" {
		names = append(names, "-"+f.Short)
	}
	return strings.Join(names, "/")
}

// key identifies a flag in a Call: its long name, else its short one.
func (f Flag) key() string {
	if f.Long != "" {
		return f.Long
	}
	return f.Short
}

// GlobalFlag tells the parser whether name (without dashes; one letter for
// a short form) is a flag of the new CLI that applies to every command
// (--profile, --endpoint, --local, …), and whether it takes a value. Such
// flags pass through to the new command line unless the old tool declared
// the same name, which wins.
type GlobalFlag func(name string, short bool) (takesValue, ok bool)

// Call is a parsed old command line.
type Call struct {
	Tool    *Tool
	Args    []string          // positional arguments
	values  map[string]string // value flags by key
	bools   map[string]bool   // bool flags by key
	Globals []string          // new-CLI flags to put in front of the command
}

// Value is the value of a flag (by long name, or short name for a flag
// without one), "" when absent.
func (c *Call) Value(key string) string { return c.values[key] }

// Has reports whether a value flag was given.
func (c *Call) Has(key string) bool { _, ok := c.values[key]; return ok }

// Bool reports whether a store_true flag was given.
func (c *Call) Bool(key string) bool { return c.bools[key] }

// Arg is the i-th positional argument, "" when absent.
func (c *Call) Arg(i int) string {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return ""
}

// HelpRequest is Parse's answer to -h/--help: print Tool.Usage.
type HelpRequest struct{}

func (HelpRequest) Error() string { return "help requested" }

// UsageError is a command line the old tool would have refused too.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(t *Tool, format string, args ...any) error {
	return &UsageError{Msg: t.Name + ": " + fmt.Sprintf(format, args...)}
}

// Parse reads an old command line the way argparse did: --long VALUE,
// --long=VALUE, unique prefixes of long names, -s VALUE, -sVALUE,
// multi-letter short names, bundled single-letter booleans (-ve), "--" to
// end the options, and the last occurrence of a flag wins. Required flags
// and the number of positional arguments are checked.
func (t *Tool) Parse(argv []string, global GlobalFlag) (*Call, error) {
	c := &Call{Tool: t, values: map[string]string{}, bools: map[string]bool{}}
	if global == nil {
		global = func(string, bool) (bool, bool) { return false, false }
	}
	for i := 0; i < len(argv); i++ {
		arg := argv[i]
		next := func(name string) (string, error) {
			if i+1 >= len(argv) {
				return "", usagef(t, "%s expects a value", name)
			}
			i++
			return argv[i], nil
		}
		switch {
		case arg == "--":
			c.Args = append(c.Args, argv[i+1:]...)
			i = len(argv)
		case arg == "-h" || arg == "--help":
			return nil, HelpRequest{}
		case strings.HasPrefix(arg, "--") && len(arg) > 2:
			name, value, hasValue := strings.Cut(arg[2:], "=")
			f, err := t.lookupLong(name)
			if err != nil {
				if takes, ok := global(name, false); ok {
					c.Globals = append(c.Globals, arg)
					if takes && !hasValue {
						v, err := next(arg)
						if err != nil {
							return nil, err
						}
						c.Globals = append(c.Globals, v)
					}
					continue
				}
				return nil, err
			}
			switch {
			case f.Bool && hasValue:
				return nil, usagef(t, "%s takes no value", f.display())
			case f.Bool:
				c.bools[f.key()] = true
			case hasValue:
				c.values[f.key()] = value
			default:
				v, err := next(f.display())
				if err != nil {
					return nil, err
				}
				c.values[f.key()] = v
			}
		case strings.HasPrefix(arg, "-") && len(arg) > 1:
			if err := t.parseShort(c, arg, global, func() (string, error) { return next(arg) }); err != nil {
				return nil, err
			}
		default:
			c.Args = append(c.Args, arg)
		}
	}
	return c, t.check(c)
}

// parseShort handles one "-…" token.
func (t *Tool) parseShort(c *Call, arg string, global GlobalFlag, next func() (string, error)) error {
	body := arg[1:]
	// An exact multi-letter short name (argparse's "-cm") first.
	if f := t.lookupShort(body); f != nil {
		if f.Bool {
			c.bools[f.key()] = true
			return nil
		}
		v, err := next()
		if err != nil {
			return err
		}
		c.values[f.key()] = v
		return nil
	}
	for j := 0; j < len(body); j++ {
		f := t.lookupShort(body[j : j+1])
		if f == nil {
			if j == 0 {
				if takes, ok := global(body[:1], true); ok {
					c.Globals = append(c.Globals, arg)
					if takes && len(body) == 1 {
						v, err := next()
						if err != nil {
							return err
						}
						c.Globals = append(c.Globals, v)
					}
					return nil
				}
			}
			return usagef(t, "unknown flag -%s in %s", body[j:j+1], arg)
		}
		if f.Bool {
			c.bools[f.key()] = true
			continue
		}
		if rest := body[j+1:]; rest != "" {
			c.values[f.key()] = strings.TrimPrefix(rest, "=")
			return nil
		}
		v, err := next()
		if err != nil {
			return err
		}
		c.values[f.key()] = v
		return nil
	}
	return nil
}

func (t *Tool) lookupShort(name string) *Flag {
	for i := range t.Flags {
		if t.Flags[i].Short == name {
			return &t.Flags[i]
		}
	}
	return nil
}

// lookupLong finds a long flag by its name or a unique prefix of it.
func (t *Tool) lookupLong(name string) (*Flag, error) {
	var matches []*Flag
	for i := range t.Flags {
		f := &t.Flags[i]
		if f.Long == "" {
			continue
		}
		if f.Long == name {
			return f, nil
		}
		if strings.HasPrefix(f.Long, name) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, usagef(t, "unknown flag --%s", name)
	}
	var names []string
	for _, f := range matches {
		names = append(names, "--"+f.Long)
	}
	return nil, usagef(t, "ambiguous flag --%s could be %s", name, strings.Join(names, ", "))
}

// check enforces required flags and the positional arguments.
func (t *Tool) check(c *Call) error {
	var missing []string
	for _, f := range t.Flags {
		if f.Required && !c.Has(f.key()) && !c.Bool(f.key()) {
			missing = append(missing, f.display())
		}
	}
	if len(missing) > 0 {
		return usagef(t, "missing required flag(s) %s", strings.Join(missing, ", "))
	}
	if len(t.OneOf) > 0 && !slices.ContainsFunc(t.OneOf, c.Has) {
		var names []string
		for _, k := range t.OneOf {
			names = append(names, "--"+k)
		}
		return usagef(t, "one of %s is required", strings.Join(names, ", "))
	}
	minArgs, maxArgs := 0, len(t.Args)
	for _, a := range t.Args {
		if !strings.HasSuffix(a, "?") {
			minArgs++
		}
	}
	if len(c.Args) < minArgs || len(c.Args) > maxArgs {
		return usagef(t, "expected %s, got %d argument(s)", t.argsText(), len(c.Args))
	}
	return nil
}

func (t *Tool) argsText() string {
	if len(t.Args) == 0 {
		return "no arguments"
	}
	var parts []string
	for _, a := range t.Args {
		if name, ok := strings.CutSuffix(a, "?"); ok {
			parts = append(parts, "["+strings.ToUpper(name)+"]")
		} else {
			parts = append(parts, strings.ToUpper(a))
		}
	}
	return strings.Join(parts, " ")
}
