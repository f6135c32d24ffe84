package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/session"
)

func init() { commandFactories = append(commandFactories, newPurgeCmd) }

func newPurgeCmd(g *globalFlags) *cobra.Command {
	f, req := &fastlyFlags{}, session.PurgeRequest{}
	var yes bool
	cmd := newCommand("purge", "purge <service> (--url URL | --key KEY... | --all)", "Purge a URL, surrogate keys or everything from a service's cache on Fastly")
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Service, req.Level = g.root, args[0], f.level
		r, err := s.RunPurge(req, (&terminal{cmd, s, f, yes}).Confirm)
		return cli.Report(cmd.OutOrStdout(), f.out.JSON(), r, r, err)
	})
	f.register(cmd, withOutput)
	cmd.Flags().StringVar(&req.URL, "url", "", "purge this URL (http(s)://HOST/PATH, HOST a domain of the service)")
	cmd.Flags().StringArrayVar(&req.Keys, "key", nil, "purge the objects tagged with this surrogate key (repeatable)")
	cmd.Flags().BoolVar(&req.All, "all", false, "purge everything the service caches (asks; --yes off a terminal)")
	cmd.Flags().BoolVar(&req.Soft, "soft", false, "mark objects stale instead of removing them (Fastly-Soft-Purge)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "purge everything without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "check and show the purge; send nothing")
	return cmd
}
