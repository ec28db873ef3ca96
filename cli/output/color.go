package output

import "github.com/mixcoatl/mixcoatl/wire"

// ANSI select-graphic-rendition sequences for states. Only table, wide and
// detail output are coloured, and only with Options.Color.
const (
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrRed    = "\x1b[31m"
	sgrReset  = "\x1b[0m"
)

// stateColumn reports whether a column holds a state, whose values are
// coloured (wire.StateField).
func stateColumn(path string) bool { return wire.StateField(path) }

// stateColor is the colour of a state value by its tone (wire.StateTone,
// which the web console shares): green good, yellow busy, red bad; ""
// for anything else.
func stateColor(s string) string {
	switch wire.StateTone(s) {
	case wire.ToneGood:
		return sgrGreen
	case wire.ToneBusy:
		return sgrYellow
	case wire.ToneBad:
		return sgrRed
	}
	return ""
}

// colored wraps s in its state colour, or returns it unchanged.
func colored(s string) string {
	if c := stateColor(s); c != "" {
		return c + s + sgrReset
	}
	return s
}
