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

// completeServices offers the services keep accepts that args do not name
// yet; max bounds how many arguments the command takes (0: any).
func completeServices(keep func(*definition.Service) bool, max int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if max > 0 && len(args) >= max {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		site, _ := definition.Load(completionRoot(cmd))
		var out []cobra.Completion
		for _, svc := range site.Services {
			if keep(svc) && !slices.Contains(args, svc.Name) && strings.HasPrefix(svc.Name, toComplete) {
				out = append(out, svc.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func anyService(*definition.Service) bool { return true }

func withMaintenance(s *definition.Service) bool { return s.Maintenance != nil }

// completeLevels offers the levels of levels.yaml.
func completeLevels(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	site, _ := definition.Load(completionRoot(cmd))
	var out []cobra.Completion
	for _, l := range site.Levels {
		if strings.HasPrefix(string(l.Name), toComplete) {
			out = append(out, string(l.Name))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeVMs offers the VM names fleet.yaml gives the --level of the
// command (production when it has none), or every level's when allLevels.
func completeVMs(allLevels bool, max int) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if max > 0 && len(args) >= max {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		f, _ := fleet.Load(completionRoot(cmd), "")
		if f == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		levels := f.Levels
		if !allLevels {
			name := defaultLevel
			if fl := cmd.Flag("level"); fl != nil && fl.Changed {
				name = fl.Value.String()
			}
			levels = nil
			if l := f.Level(name); l != nil {
				levels = append(levels, l)
			}
		}
		var out []cobra.Completion
		for _, l := range levels {
			for _, vm := range l.VMs {
				if strings.HasPrefix(vm.Name, toComplete) && !slices.Contains(out, vm.Name) && !slices.Contains(args, vm.Name) {
					out = append(out, vm.Name)
				}
			}
		}
		slices.Sort(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// argCompletions are the positional completions, by command path.
var argCompletions = map[string]cobra.CompletionFunc{
	"edgectl build":              completeServices(anyService, 0),
	"edgectl lint":               completeServices(anyService, 0),
	"edgectl diff":               completeServices(anyService, 0),
	"edgectl publish":            completeServices(anyService, 1),
	"edgectl rollback":           completeServices(anyService, 1),
	"edgectl maintenance on":     completeServices(withMaintenance, 1),
	"edgectl maintenance off":    completeServices(withMaintenance, 1),
	"edgectl maintenance status": completeServices(withMaintenance, 0),
	"edgectl fleet monit":        completeVMs(false, 1),
	"edgectl fleet userdata":     completeVMs(false, 1),
	"edgectl fleet roles":        completeVMs(true, 0),
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
		cmd.RegisterFlagCompletionFunc("level", completeLevels)
	}
}
