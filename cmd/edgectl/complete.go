package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

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

// completeFrom offers the names that start with what is typed and that args
// do not name yet; max bounds how many arguments the command takes (0: any).
func completeFrom(max int, names func(cmd *cobra.Command) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if max > 0 && len(args) >= max {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, n := range names(cmd) {
			if strings.HasPrefix(n, toComplete) && !slices.Contains(args, n) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// services names the services of services/, those with a maintenance
// section only when maintenance.
func services(maintenance bool) func(*cobra.Command) []string {
	return func(cmd *cobra.Command) []string {
		site, _ := definition.Load(completionRoot(cmd))
		var out []string
		for _, svc := range site.Services {
			if !maintenance || svc.Maintenance != nil {
				out = append(out, svc.Name)
			}
		}
		return out
	}
}

// levels names the levels of levels.yaml.
func levels(cmd *cobra.Command) []string {
	site, _ := definition.Load(completionRoot(cmd))
	var out []string
	for _, l := range site.Levels {
		out = append(out, string(l.Name))
	}
	return out
}

// vms names the VMs fleet.yaml gives the --level of the command
// (production when it has none), or every level's when allLevels.
func vms(allLevels bool) func(*cobra.Command) []string {
	return func(cmd *cobra.Command) []string {
		f, _ := fleet.Load(completionRoot(cmd), "")
		if f == nil {
			return nil
		}
		level := ""
		if !allLevels {
			level = defaultLevel
			if fl := cmd.Flag("level"); fl != nil && fl.Changed {
				level = fl.Value.String()
			}
		}
		return f.VMNames(level)
	}
}

// argCompletions are the positional completions, by command path.
var argCompletions = map[string]cobra.CompletionFunc{
	"edgectl build":              completeFrom(0, services(false)),
	"edgectl lint":               completeFrom(0, services(false)),
	"edgectl diff":               completeFrom(0, services(false)),
	"edgectl publish":            completeFrom(1, services(false)),
	"edgectl rollback":           completeFrom(1, services(false)),
	"edgectl maintenance on":     completeFrom(1, services(true)),
	"edgectl maintenance off":    completeFrom(1, services(true)),
	"edgectl maintenance status": completeFrom(0, services(true)),
	"edgectl fleet monit":        completeFrom(1, vms(false)),
	"edgectl fleet userdata":     completeFrom(1, vms(false)),
	"edgectl fleet roles":        completeFrom(0, vms(true)),
}

// registerCompletions attaches the completions to the command tree: the
// positional ones by path, level names to every --level.
func registerCompletions(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		registerCompletions(sub)
	}
	if f, ok := argCompletions[cmd.CommandPath()]; ok {
		cmd.ValidArgsFunction = f
	}
	if cmd.LocalNonPersistentFlags().Lookup("level") != nil {
		cmd.RegisterFlagCompletionFunc("level", completeFrom(0, levels))
	}
}
