package console

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
)

type faultsPage struct {
	Faults   []emulator.FaultRule
	Modes    []jobModeRow
	Problem  string
	Scopes   []string // resource names, for the job mode form
	Examples []string
}

type jobModeRow struct {
	Scope string
	Mode  engine.JobMode
}

func (c *Console) faults(w http.ResponseWriter, r *http.Request, problem string) {
	modes, err := c.srv.JobModes(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading job modes: %v", err)
		return
	}
	p := faultsPage{Faults: c.srv.Faults(), Problem: problem}
	for scope, m := range modes {
		p.Modes = append(p.Modes, jobModeRow{Scope: scope, Mode: m})
	}
	sort.Slice(p.Modes, func(i, j int) bool { return p.Modes[i].Scope < p.Modes[j].Scope })
	for _, res := range c.cat.Resources {
		p.Scopes = append(p.Scopes, res.Name)
	}
	status := http.StatusOK
	if problem != "" {
		status = http.StatusBadRequest
	}
	c.render(w, r, status, "faults", "Faults", p)
}

// addFault installs the rule of the form: the control API's FaultRule,
// field by field.
func (c *Console) addFault(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	rule := emulator.FaultRule{Method: f.Get("method"), PathPrefix: f.Get("pathPrefix"), PathRegex: f.Get("pathRegex"),
		Message: f.Get("message"), Drop: f.Get("drop") != ""}
	var problems []string
	num := func(name string, set func(string) error) {
		if v := strings.TrimSpace(f.Get(name)); v != "" {
			if err := set(v); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			}
		}
	}
	num("status", func(v string) (err error) { rule.Status, err = strconv.Atoi(v); return })
	num("times", func(v string) (err error) { rule.Times, err = strconv.Atoi(v); return })
	num("retryAfter", func(v string) (err error) { rule.RetryAfter, err = strconv.Atoi(v); return })
	num("probability", func(v string) (err error) { rule.Probability, err = strconv.ParseFloat(v, 64); return })
	num("latency", func(v string) error {
		d, err := time.ParseDuration(v)
		rule.Latency = emulator.Duration(d)
		return err
	})
	if len(problems) == 0 {
		if _, err := c.srv.AddFault(rule); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		c.faults(w, r, "The fault was not added: "+strings.Join(problems, "; "))
		return
	}
	c.redirect(w, r, "faults")
}

func (c *Console) removeFault(w http.ResponseWriter, r *http.Request, id string) {
	n, err := strconv.Atoi(id)
	if err != nil || !c.srv.RemoveFault(n) {
		c.fail(w, r, http.StatusNotFound, "there is no fault rule %s", id)
		return
	}
	c.redirect(w, r, "faults")
}

// setJobMode sets (or, with mode "", removes) a scope's job mode.
func (c *Console) setJobMode(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	m := engine.JobMode{Mode: f.Get("mode"), Message: f.Get("message")}
	var problem string
	if v := strings.TrimSpace(f.Get("polls")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			problem = "polls: " + err.Error()
		}
		m.Polls = n
	}
	if v := strings.TrimSpace(f.Get("duration")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			problem = "duration: " + err.Error()
		}
		m.Duration = d
	}
	if problem == "" {
		if err := c.srv.SetJobMode(r.Context(), f.Get("scope"), m); err != nil {
			problem = err.Error()
		}
	}
	if problem != "" {
		c.faults(w, r, "The job mode was not set: "+problem)
		return
	}
	c.redirect(w, r, "faults")
}

// reset wipes the state and re-seeds it, after a confirmation: without
// confirm=yes the answer is a page asking for it (which works without
// JavaScript; the script asks with a dialog instead).
func (c *Console) reset(w http.ResponseWriter, r *http.Request) {
	if r.PostForm.Get("confirm") != "yes" {
		c.render(w, r, http.StatusOK, "confirm", "Reset the emulator?", nil)
		return
	}
	if err := c.srv.Reset(r.Context()); err != nil {
		c.failErr(w, r, err)
		return
	}
	c.redirect(w, r, "?reset=done")
}
