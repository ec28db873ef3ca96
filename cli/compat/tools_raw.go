package compat

// rawTools are the REST tools (§13 of the wire reference), the job check,
// version discovery and the old `mixcoatl` command itself. dcm-post,
// dcm-put and dcm-delete print the old output themselves (oldraw.go); the
// others are translated.
func rawTools() []*Tool {
	esDump := func(name string) *Tool {
		return &Tool{
			Name: name,
			Args: []string{"path", "params?", "details?"},
			New:  "get PATH [PARAMS] --details extended",
			Note: "The detail level defaults to extended, as es-dump.py's did; the JSON keeps the server's key order instead of sorting keys.",
			translate: func(c *Call) ([]string, error) {
				b := newArgv(c, "get").add(c.Args...)
				if len(c.Args) < 3 {
					b.add("--details", "extended")
				}
				return b.done()
			},
		}
	}
	return []*Tool{
		esDump("es-dump.py"),
		esDump("es-dump"),
		{
			Name: "dcm-get",
			Args: []string{"basepath", "parameter?"},
			Flags: []Flag{
				boolFlag("extended", "", "ask for extended details"),
				boolFlag("json", "", "ask for JSON (the default)"),
				boolFlag("xml", "", "ask for XML"),
				boolFlag("statuscode", "", "print the HTTP status first"),
				boolFlag("statuscodeonly", "", "print only the HTTP status, exit 0"),
			},
			New:  "get PATH [PARAMS] [--extended] [--xml] [--statuscode]",
			Note: "--statuscodeonly prints only the status code and exits 0 whatever the status, as before.",
			translate: func(c *Call) ([]string, error) {
				if c.Bool("json") && c.Bool("xml") {
					return nil, usagef(c.Tool, "choose one of --json, --xml")
				}
				return newArgv(c, "get").add(c.Args...).
					boolean("extended", "--extended").boolean("xml", "--xml").
					boolean("statuscode", "--statuscode").done()
			},
		},
		bodyTool("dcm-post", "post"),
		bodyTool("dcm-put", "put"),
		{Name: "dcm-delete", Args: []string{"basepath"}, New: "delete PATH"},
		{
			Name:      "dcm-head",
			Args:      []string{"basepath"},
			New:       "head PATH",
			translate: func(c *Call) ([]string, error) { return newArgv(c, "head").arg(0).done() },
		},
		{
			Name: "dcm-check-job",
			Args: []string{"jobid"},
			New:  "job get JOBID (status only)",
			Note: "Prints the job's status, or NONE and exit status 1 when there is no such job.",
			translate: func(c *Call) ([]string, error) {
				return nil, nil // run by the cli package (SpecialCheckJob)
			},
		},
		{
			Name: "dcm-list-api-versions",
			Flags: append([]Flag{
				boolFlag("active", "a", "print the configured API version"),
				boolFlag("latest", "l", "print the server's current API version"),
				boolFlag("supported", "s", "print every supported version"),
			}, formatFlags(true)...),
			New: "api-versions",
		},
		{
			Name: "mixcoatl",
			Flags: []Flag{
				boolFlag("version", "v", "print the version"),
				boolFlag("reset_config", "r", "configure the default profile again"),
			},
			New:  "version | configure",
			Note: "--reset_config runs `mixcoatl configure`, which asks for the endpoint and keys again on a terminal.",
			translate: func(c *Call) ([]string, error) {
				switch {
				case c.Bool("version") && c.Bool("reset_config"):
					return nil, usagef(c.Tool, "choose one of --version, --reset_config")
				case c.Bool("reset_config"):
					return []string{"configure"}, nil
				}
				return []string{"version"}, nil
			},
		},
	}
}

// bodyTool is dcm-post or dcm-put: PATH and the payload file as --json FILE
// or --xml FILE. They print the old output themselves (oldraw.go).
func bodyTool(name, verb string) *Tool {
	return &Tool{
		Name: name,
		Args: []string{"basepath"},
		Flags: []Flag{
			valueFlag("xml", "", "XML payload file"),
			valueFlag("json", "", "JSON payload file"),
		},
		OneOf: []string{"json", "xml"},
		New:   verb + " PATH --data @FILE [--xml]",
	}
}
