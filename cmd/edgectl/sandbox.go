package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/sandboxcmd"
)

func init() { commandFactories = append(commandFactories, newSandboxCmd) }

func newSandboxCmd(g *globalFlags) *cobra.Command {
	var o sandboxcmd.Fastly
	cmd := newCommand("sandbox", "sandbox", "Serve a local Fastly API holding the services of services/")
	cmd.Args = cobra.NoArgs
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		o.Root, o.Out, o.Err, o.Diags = g.root, cmd.OutOrStdout(), cmd.ErrOrStderr(), diagPrinter(cmd)
		return untilInterrupted(cmd, o.Run)
	}
	cmd.Flags().StringVar(&o.Listen, "listen", "127.0.0.1:8080", "address to serve on (host:port; port 0 picks a free one)")
	cmd.Flags().StringVar(&o.StateFile, "state", "", "JSON file to keep the state in across runs (default: memory only)")
	cmd.Flags().StringVar(&o.Level, "level", "production", "level whose services to create, or \"all\"")
	cmd.Flags().IntVar(&o.RateLimit, "rate-limit", fastlyfake.DefaultRateLimit, "writes allowed per hour, as Fastly's rate limit")
	return cmd
}

func newFleetSandboxCmd(g *globalFlags) *cobra.Command {
	var o sandboxcmd.OpenStack
	cmd := newCommand("fleet-sandbox", "sandbox", "Serve a local OpenStack API to try plan and apply on")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		o.Root, o.Out, o.Err, o.Diags = g.root, cmd.OutOrStdout(), cmd.ErrOrStderr(), diagPrinter(cmd)
		return untilInterrupted(cmd, o.Run)
	}
	cmd.Flags().StringVar(&o.Listen, "listen", "127.0.0.1:8774", "address to listen on")
	cmd.Flags().StringVar(&o.Seed, "seed", "", "start with the servers of this level's inventory")
	cmd.Flags().DurationVar(&o.Fake.Latency, "latency", 0, "latency added to every request")
	cmd.Flags().IntVar(&o.Fake.BuildPolls, "build-polls", 2, "how many looks a new server answers BUILD before ACTIVE")
	cmd.Flags().IntVar(&o.Fake.MaxInstances, "max-instances", 0, "instance quota (0: unlimited)")
	return cmd
}
