package compat

// rawTools are the REST tools (§13 of the wire reference), the job check,
// version discovery and the old `mixcoatl` command itself. They print the
// old output themselves (oldraw.go, oldget.go, oldlists2.go), but for
// dcm-check-job and `mixcoatl --reset_config`, which the cli package runs
// (Special).
func rawTools() []*Tool {
	esDump := func(name string) *Tool {
		return &Tool{
			Name: name,
			Args: []string{"path", "params?", "details?"},
			New:  "get PATH [PARAMS] --details extended",
			Note: "The script left mixcoatl before 1.5.1 (it became dcm-get); it prints what its last version printed: the JSON answer with sorted keys, indent 2, at extended details unless DETAILS names the level.",
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
		},
		bodyTool("dcm-post", "post"),
		bodyTool("dcm-put", "put"),
		{Name: "dcm-delete", Args: []string{"basepath"}, New: "delete PATH"},
		{Name: "dcm-head", Args: []string{"basepath"}, New: "head PATH"},
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
			New:  "version",
			Note: "--reset_config runs `mixcoatl configure`, which asks for the endpoint and keys again on a terminal.",
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
