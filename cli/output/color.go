package output

import "strings"

// ANSI select-graphic-rendition sequences for states. Only table, wide and
// detail output are coloured, and only with Options.Color.
const (
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrRed    = "\x1b[31m"
	sgrReset  = "\x1b[0m"
)

// stateColumn reports whether a column holds a state, whose values are
// coloured: a field named status or state, or ending in State
// (budgetState, managementState).
func stateColumn(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	return last == "status" || last == "state" || strings.HasSuffix(last, "State")
}

// stateColor is the colour of a state value: green for states that are
// fine (RUNNING, ACTIVE, COMPLETE, …), yellow for states on their way
// somewhere (PENDING, STOPPING, …) or at rest (PAUSED, STOPPED), red for
// failed or gone ones (ERROR, TERMINATED, …); "" for anything else. The
// words are the enumerations of the API's states, matched by meaning
// rather than per resource, so a new resource's states colour without a
// list of its own.
func stateColor(s string) string {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "RUNNING", "ACTIVE", "COMPLETE", "AVAILABLE", "ATTACHED", "NORMAL", "OPERATIONAL":
		return sgrGreen
	case "PENDING", "PAUSED", "STOPPING", "STOPPED", "REBOOTING", "LAUNCHING", "ATTACHING", "DETACHING",
		"DELETING", "CONFIGURING", "INITIALIZING", "MAINTENANCE", "SCALING", "COOLDOWN", "SOFT_ALARM",
		"TRIAL", "UNMANAGED", "INACTIVE":
		return sgrYellow
	case "ERROR", "FAILED", "TERMINATED", "DELETED", "HARD_ALARM", "SUSPENDED", "CANCELLED", "EXPIRED",
		"OUT_OF_SERVICE", "BREACH_UPPER", "BREACH_LOWER", "ARCHIVED":
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
