package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/mattn/go-isatty"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire"
)

// errDryRun is what the dry-run transport answers instead of sending: the
// command recognises it and exits 0.
var errDryRun = errors.New("dry run: request not sent")

// dryRunTransport prints each signed request it is given, redacted as
// dcm.FormatRequest does (credentials and secret fields by position, the
// secret key's text only when long enough to be unambiguous), and sends
// nothing. It sits where the network would be, so what it prints is
// exactly what would have gone out.
type dryRunTransport struct {
	w      io.Writer
	secret string // replaced wherever it would appear
	mu     sync.Mutex
}

func (t *dryRunTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	out := dcm.FormatRequest(r, body, t.secret)
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := t.w.Write(out); err != nil {
		return nil, err
	}
	return nil, errDryRun
}

// terminal is implemented by a standard input that knows whether it is a
// terminal; tests pass such a reader to exercise the prompt.
type terminal interface{ IsTerminal() bool }

// stdinIsTerminal reports whether the user can be asked a question.
func stdinIsTerminal(stdin io.Reader) bool {
	if t, ok := stdin.(terminal); ok {
		return t.IsTerminal()
	}
	if f, ok := stdin.(*os.File); ok {
		return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
	}
	return false
}

// confirm asks before a destructive op, naming what it destroys. Without
// a terminal there is nobody to ask: the command refuses unless --yes
// says the script means it.
func (rc *resourceCommand) confirm(o *writeOptions, ids []string) error {
	if !o.og.destructive() || o.yes {
		return nil
	}
	what := humanName(rc.res)
	if len(ids) > 1 {
		what = wire.Plural(what)
	}
	what += " " + strings.Join(ids, ", ")
	action := o.og.commandName()
	if o.og.Kind == catalog.KindDelete {
		// A delete is named by the catalogue's name for it when it has
		// one: a server is terminated, an API key revoked.
		action = "delete"
		if aliases := o.og.Forms[0].Aliases; len(aliases) > 0 {
			action = aliases[0]
		}
	}
	if !stdinIsTerminal(rc.env.Stdin) {
		return usagef("%s %s would %s %s: pass --yes to confirm (standard input is not a terminal, so nothing was asked)",
			resourceCommandName(rc.res), o.og.commandName(), action, what)
	}
	fmt.Fprintf(rc.env.Stderr, "%s %s? This cannot be undone. [y/N] ", wire.UpperFirst(action), what)
	line, _ := bufio.NewReader(rc.env.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return &declinedError{what: action + " " + what}
}
