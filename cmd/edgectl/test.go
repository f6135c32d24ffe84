package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/usertest"
)

func init() { commandFactories = append(commandFactories, newTestCmd) }

// watchContext is what --watch runs until (SIGINT); tests shorten it.
var watchContext = func(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt)
}

func newTestCmd(g *globalFlags) *cobra.Command {
	var levels, junit, watch, o = []string(nil), "", false, &cli.Output{}
	cmd := newCommand("test", "test [service...]", "Run the falco test suites of vcl/ against every service and level, built in memory")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := o.Check(); err != nil {
			return err
		}
		opts := usertest.Options{Root: g.root, Services: args, Levels: levels}
		p := usertest.Presentation{Stdout: cmd.OutOrStdout(), Stderr: cmd.ErrOrStderr(), JSON: o.JSON(), JUnit: junit, Quiet: quietMode}
		once := func() error { return usertest.RunAndPresent(opts, p, diagPrinter(cmd)) }
		if !watch {
			return once()
		}
		ctx, stop := watchContext(cmd.Context())
		defer stop()
		return usertest.Watch(ctx, g.root, usertest.PollInterval, func() { _ = once() }) // once has reported
	}
	cli.LevelsFlag(cmd, &levels, "deployment level to test (default: every level)")
	cmd.Flags().StringVar(&junit, "junit", "", "also write a JUnit XML report to this file, for CI")
	cmd.Flags().BoolVar(&watch, "watch", false, "run again after every change of services/, vcl/ or errors/, until interrupted")
	o.Register(cmd)
	return cmd
}
