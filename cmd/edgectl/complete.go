package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fleet"
)

// Shell completion: cobra's completion command writes the bash, zsh, fish
// and PowerShell scripts; the scripts call edgectl __complete, which asks
// the functions below for the repository's service names, levels and VM
// names (a VM name carries its roles: edgectl fleet roles).

// completionRoot is the repository a completion reads: the persistent
// pre-run that finds it does not run for __complete.
func completionRoot(cmd *cobra.Command) string {
	if f := cmd.Flag("root"); f != nil && f.Changed {
		return f.Value.String()
	}
	return definition.FindRoot()
}

// services names the services of services/, those with a maintenance
// section only when maintenance.
func services(maintenance bool) func(*cobra.Command) []string {
	return func(cmd *cobra.Command) []string {
		site, _ := definition.Load(completionRoot(cmd))
		if maintenance {
			return site.WithMaintenance()
		}
		return site.ServiceNames()
	}
}

// levels names the levels of levels.yaml.
func levels(cmd *cobra.Command) []string {
	site, _ := definition.Load(completionRoot(cmd))
	return site.LevelNames()
}

// vms names the VMs fleet.yaml gives the --level of the command
// (production when it has none), or every level's when allLevels.
func vms(allLevels bool) func(*cobra.Command) []string {
	return func(cmd *cobra.Command) []string {
		f, _ := fleet.Load(completionRoot(cmd), "")
		if f == nil {
			return nil
		}
		level := "" // --level of monit and userdata defaults to production
		if fl := cmd.Flag("level"); !allLevels && fl != nil {
			level = fl.Value.String()
		}
		return f.VMNames(level)
	}
}

// argCompletions are the positional completions, by command path.
var argCompletions = map[string]cobra.CompletionFunc{
	"edgectl build":              cli.CompleteFrom(0, services(false)),
	"edgectl lint":               cli.CompleteFrom(0, services(false)),
	"edgectl test":               cli.CompleteFrom(0, services(false)),
	"edgectl diff":               cli.CompleteFrom(0, services(false)),
	"edgectl publish":            cli.CompleteFrom(1, services(false)),
	"edgectl rollback":           cli.CompleteFrom(1, services(false)),
	"edgectl purge":              cli.CompleteFrom(1, services(false)),
	"edgectl maintenance on":     cli.CompleteFrom(1, services(true)),
	"edgectl maintenance off":    cli.CompleteFrom(1, services(true)),
	"edgectl maintenance status": cli.CompleteFrom(0, services(true)),
	"edgectl fleet monit":        cli.CompleteFrom(1, vms(false)),
	"edgectl fleet userdata":     cli.CompleteFrom(1, vms(false)),
	"edgectl fleet roles":        cli.CompleteFrom(0, vms(true)),
}
