package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/localserve"
	"github.com/webplatform/edgectl/pipeline"
)

func init() { commandFactories = append(commandFactories, newServeCmd) }

// serveReady is told the listeners of a running serve (tests only).
var serveReady func(*localserve.Servers)

func newServeCmd(g *globalFlags) *cobra.Command {
	var level string
	s := localserve.Settings{}
	cmd := newCommand("serve", "serve SERVICE", "Serve a service's compiled VCL locally through falco's simulator, to try a change")
	cmd.Args = cobra.ExactArgs(1)
	cmd.ValidArgsFunction = cli.CompleteFrom(1, services(false))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		out, diags := pipeline.Run(pipeline.Options{Root: g.root, Services: args, Levels: []string{level}, Placeholder: true})
		printDiags(cmd.ErrOrStderr(), diags)
		if diags.HasErrors() {
			return cli.Exit(1)
		}
		s.Unit, s.Log = out.Units[0], cmd.ErrOrStderr()
		return untilInterrupted(cmd, func(ctx context.Context) error { return localserve.Run(ctx, s, serveReady) })
	}
	cli.LevelFlag(cmd, &level, defaultLevel, "deployment level to serve")
	cmd.Flags().StringVar(&s.Listen, "listen", "127.0.0.1:8080", "plain HTTP address (\"\": none)")
	cmd.Flags().StringVar(&s.TLSListen, "tls-listen", "127.0.0.1:8443", "TLS address, self-signed (\"\": none)")
	cmd.Flags().StringVar(&s.Origin, "origin", "", "send every backend's requests to this http(s) URL (default: the inventory addresses)")
	return cmd
}
