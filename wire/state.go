package wire

import "strings"

// Tone is how a state reads at a glance: the CLI colours it (green, yellow,
// red) and the web console marks it (a class and a symbol), so both agree.
type Tone int

const (
	ToneNone Tone = iota // not a known state word
	ToneGood             // fine: RUNNING, ACTIVE, COMPLETE, …
	ToneBusy             // on its way somewhere (PENDING, STOPPING, …) or at rest (PAUSED, STOPPED)
	ToneBad              // failed or gone: ERROR, TERMINATED, …
)

// String is the tone's name: "", "good", "busy" or "bad".
func (t Tone) String() string {
	switch t {
	case ToneGood:
		return "good"
	case ToneBusy:
		return "busy"
	case ToneBad:
		return "bad"
	}
	return ""
}

// StateTone is the tone of a state value. The words are the enumerations
// of the API's states, matched by meaning rather than per resource, so a
// new resource's states take a tone without a list of their own.
func StateTone(s string) Tone {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "RUNNING", "ACTIVE", "COMPLETE", "AVAILABLE", "ATTACHED", "NORMAL", "OPERATIONAL":
		return ToneGood
	case "PENDING", "PAUSED", "STOPPING", "STOPPED", "REBOOTING", "LAUNCHING", "ATTACHING", "DETACHING",
		"DELETING", "CONFIGURING", "INITIALIZING", "MAINTENANCE", "SCALING", "COOLDOWN", "SOFT_ALARM",
		"TRIAL", "UNMANAGED", "INACTIVE":
		return ToneBusy
	case "ERROR", "FAILED", "TERMINATED", "DELETED", "HARD_ALARM", "SUSPENDED", "CANCELLED", "EXPIRED",
		"OUT_OF_SERVICE", "BREACH_UPPER", "BREACH_LOWER", "ARCHIVED":
		return ToneBad
	}
	return ToneNone
}

// StateField reports whether a field path names a state, whose values
// take a tone: a member named status or state, or ending in State
// (budgetState, managementState).
func StateField(path string) bool {
	last := path[strings.LastIndexByte(path, '.')+1:]
	return last == "status" || last == "state" || strings.HasSuffix(last, "State")
}
