package cli

import (
	"bytes"
	"context"
	"encoding/json"
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
// a cross-account listing is a report, not a stream. The first failing
// profile (in profile order) fails the command, after the profiles before
// it have printed.
func (rc *resourceCommand) readProfiles(ctx context.Context, p itemPrinter, profiles []string, read profileRead) error {
	clients := make([]*dcm.Client, len(profiles))
	for i, name := range profiles {
		c, err := rc.clientFor(name) // sequential: building a client may register closers on env
		if err != nil {
			return fmt.Errorf("profile %s: %w", name, err)
		}
		clients[i] = c
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([][]json.RawMessage, len(profiles))
	errs := make([]error, len(profiles))
	var wg sync.WaitGroup
	for i := range profiles {
		wg.Go(func() {
			endpoint := clients[i].Config().Endpoint
			errs[i] = read(ctx, clients[i], func(it itemFrom) error {
				tagged, err := tagItem(it.raw, profiles[i], endpoint)
				if err != nil {
					return err
				}
				results[i] = append(results[i], tagged)
				return nil
			})
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
		if errs[i] != nil {
			return fmt.Errorf("profile %s: %w", profiles[i], errs[i])
		}
	}
	return p.End()
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
