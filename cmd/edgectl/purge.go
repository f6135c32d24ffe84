package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/session"
)

func init() { commandFactories = append(commandFactories, newPurgeCmd) }

func newPurgeCmd(g *globalFlags) *cobra.Command {
	f, o, req, yes, dryRun := &fastlyFlags{}, &outputFlag{}, session.PurgeRequest{}, false, false
	cmd := &cobra.Command{
		Use:   "purge <service> (--url URL | --key KEY... | --all)",
		Short: "Purge a URL, surrogate keys or everything from a service's cache on Fastly",
		Long: `purge asks Fastly to purge one URL (its host must be a domain of the service at
--level), the objects tagged with surrogate keys (--key, repeatable, up to 256; the
VCL sets keys where the definition's surrogate_keys asks), or everything (--all: asks
on a terminal, refuses off one without --yes). --soft marks objects stale instead
(not with --all: Fastly cannot). Token as for publish, never printed.
Exit status: 0 purged (or dry run), 1 on error or refusal.`,
		Example: `  edgectl purge docs --url https://docs.webplatform.org/wiki/CSS --soft
  edgectl purge docs --key wiki-CSS --level staging
  edgectl purge www --all --yes`,
		Args: cobra.ExactArgs(1), ValidArgsFunction: completeServices(anyService, 0),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.openFor(cmd, o)
			if err != nil {
				return err
			}
			site, diags := definition.Load(g.root)
			if diags.HasErrors() {
				printDiags(s.stderr, diags)
				return &exitError{1}
			}
			req.Service, req.Level = args[0], f.level
			rep, err := s.sess.RunPurge(site, req, dryRun, func(q string) error { return confirmSync(cmd, s, yes, q) })
			if err != nil {
				return syncExit(s, err)
			}
			if o.json() {
				return writeJSON(s.stdout, rep)
			}
			fmt.Fprintf(s.stdout, "%s%s\n", map[bool]string{true: "dry run: would send the ", false: "sent the "}[dryRun], rep.Describe())
			return nil
		},
	}
	f.register(cmd, false)
	o.register(cmd)
	cmd.Flags().StringVar(&req.URL, "url", "", "purge this URL (http(s)://HOST/PATH, HOST a domain of the service)")
	cmd.Flags().StringArrayVar(&req.Keys, "key", nil, "purge the objects tagged with this surrogate key (repeatable)")
	cmd.Flags().BoolVar(&req.All, "all", false, "purge everything the service caches (asks; --yes off a terminal)")
	cmd.Flags().BoolVar(&req.Soft, "soft", false, "mark objects stale instead of removing them (Fastly-Soft-Purge)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "purge everything without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check and show the purge; send nothing")
	return cmd
}
