package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// itemFrom is one object read; readProfiles tags it with the profile and
// endpoint it came from when several profiles are read at once.
type itemFrom struct {
	raw json.RawMessage
}

// splitProfiles reads --profile a,b: the profile names in order, blanks and
// repeats dropped.
func splitProfiles(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// clientFor builds the client of one profile exactly as a single-profile
// command would, by running the shared flag logic with that profile.
// TODO(cli/client.go): a globalOptions.newClientFor(env, profile) would make
// this copy unnecessary.
func (rc *resourceCommand) clientFor(profile string) (*dcm.Client, error) {
	g := *rc.g
	g.profile = profile
	return g.newClient(rc.env)
}

// profileRead reads from one client, emitting each object.
type profileRead func(ctx context.Context, c *dcm.Client, emit func(itemFrom) error) error

// readProfiles runs read against every profile concurrently and prints
// the results in profile order, each object tagged with its profile and
// endpoint. The per-profile results are held in memory until their turn:
// a cross-account listing is a report, not a stream. A profile that fails
// does not hide the others: what every profile read is printed, then each
// failure is reported (non-zero exit).
func (rc *resourceCommand) readProfiles(ctx context.Context, p itemPrinter, profiles []string, read profileRead) error {
	clients, err := rc.profileClients(profiles)
	if err != nil {
		return err
	}
	results := make([][]json.RawMessage, len(profiles))
	errs := make([]error, len(profiles))
	var wg sync.WaitGroup
	for i := range profiles {
		wg.Go(func() {
			endpoint := clients[i].Config().Endpoint
			err := read(ctx, clients[i], func(it itemFrom) error {
				tagged, err := tagItem(it.raw, profiles[i], endpoint)
				if err != nil {
					return err
				}
				results[i] = append(results[i], tagged)
				return nil
			})
			if err != nil {
				errs[i] = fmt.Errorf("profile %s: %w", profiles[i], err)
			}
		})
	}
	wg.Wait()
	if err := p.Begin(); err != nil {
		return err
	}
	for i := range profiles {
		for _, raw := range results[i] {
			if err := p.Item(raw); err != nil {
				return err
			}
		}
	}
	return errors.Join(p.End(), errors.Join(errs...))
}

// profileClients builds the client of every profile, sequentially:
// building a client may register closers on env.
func (rc *resourceCommand) profileClients(profiles []string) ([]*dcm.Client, error) {
	clients := make([]*dcm.Client, len(profiles))
	for i, name := range profiles {
		c, err := rc.clientFor(name)
		if err != nil {
			return nil, fmt.Errorf("profile %s: %w", name, err)
		}
		clients[i] = c
	}
	return clients, nil
}

// tagItem puts "profile" and "endpoint" first in a JSON object, keeping the
// rest as the server wrote it.
func tagItem(raw json.RawMessage, profile, endpoint string) (json.RawMessage, error) {
	body := bytes.TrimSpace(raw)
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("profile %s: the answer holds a non-object item", profile)
	}
	head, err := json.Marshal(map[string]string{"profile": profile, "endpoint": endpoint})
	if err != nil {
		return nil, err
	}
	// json.Marshal sorts keys, so head is {"endpoint":…,"profile":…}.
	var b bytes.Buffer
	b.Write(head[:len(head)-1])
	rest := bytes.TrimSpace(body[1:])
	if len(rest) > 0 && rest[0] != '}' {
		b.WriteByte(',')
	}
	b.Write(rest)
	return b.Bytes(), nil
}
