// Package cli holds edgectl's command-line conventions on top of cobra, so
// that cmd/edgectl only declares commands and wires them to the packages
// that do the work: unknown subcommands and flags are errors with
// suggestions at any depth, --level given twice to a one-level command is
// an error, and completions are attached by command path. It also holds
// the flags many commands share (--level, --output, --color, --quiet),
// asking on a terminal, and how a command's error becomes its exit status.
package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/webplatform/edgectl/diag"
)

// StrictGroups makes every command under cmd that only groups subcommands
// (fleet, errors, maintenance) refuse an unknown subcommand with an error
// and a suggestion. cobra does that for the root command only: under it,
// an unknown word after a group prints the group's help and exits 0.
func StrictGroups(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		StrictGroups(sub)
	}
	if !cmd.HasParent() || !cmd.HasSubCommands() || cmd.Runnable() {
		return
	}
	cmd.Args = cobra.ArbitraryArgs
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, set only when it suggests itself
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return cmd.Help()
		}
		return fmt.Errorf("unknown command %q for %q%s", args[0], cmd.CommandPath(), didYouMean(cmd.SuggestionsFor(args[0])))
	}
}

// SuggestFlag is a cobra flag error function: it adds the flag names
// nearest the unknown one (within two edits, or that it abbreviates) to
// cobra's "unknown flag" error.
func SuggestFlag(cmd *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return err
	}
	var near []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && (diag.Within(name, f.Name, 2) || strings.HasPrefix(f.Name, name)) {
			near = append(near, "--"+f.Name)
		}
	})
	return fmt.Errorf("%v%s", err, didYouMean(near))
}

// didYouMean formats suggestions as cobra does for commands.
func didYouMean(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return "\n\nDid you mean this?\n\t" + strings.Join(names, "\n\t")
}

// oneLevel is the value of --level on a command that acts on one level:
// given twice, pflag would silently keep the last, so it is an error.
type oneLevel struct {
	value *string
	set   bool
}

// OneLevel is a flag value that sets *p to one level name and refuses a
// list or a second, different name.
func OneLevel(p *string) pflag.Value { return &oneLevel{value: p} }

func (l *oneLevel) String() string { return *l.value }
func (l *oneLevel) Type() string   { return "string" }

func (l *oneLevel) Set(s string) error {
	if strings.Contains(s, ",") {
		return fmt.Errorf("one level, not a list")
	}
	if l.set && *l.value != s {
		return fmt.Errorf("--level is given twice (%s, %s): this command acts on one level; run it once per level", *l.value, s)
	}
	*l.value, l.set = s, true
	return nil
}

// CompleteFrom offers the names that start with what is typed and that the
// arguments do not name yet; max bounds how many arguments the command
// takes (0: any).
func CompleteFrom(max int, names func(cmd *cobra.Command) []string) cobra.CompletionFunc {
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

// RegisterCompletions attaches completions to the tree under cmd: the
// positional ones by command path ("edgectl fleet monit"), levels to every
// --level.
func RegisterCompletions(cmd *cobra.Command, byPath map[string]cobra.CompletionFunc, levels cobra.CompletionFunc) {
	for _, sub := range cmd.Commands() {
		RegisterCompletions(sub, byPath, levels)
	}
	if f, ok := byPath[cmd.CommandPath()]; ok {
		cmd.ValidArgsFunction = f
	}
	if cmd.LocalNonPersistentFlags().Lookup("level") != nil {
		cmd.RegisterFlagCompletionFunc("level", levels)
	}
}

// LevelFlag registers --level (-l) for a command that acts on one level,
// def when not given.
func LevelFlag(cmd *cobra.Command, p *string, def, usage string) {
	*p = def
	cmd.Flags().VarP(OneLevel(p), "level", "l", usage)
}

// LevelsFlag registers --level (-l) for a command that takes several
// levels, as a repeated flag or a comma-separated list; usage is followed
// by how to give several.
func LevelsFlag(cmd *cobra.Command, p *[]string, usage string) {
	cmd.Flags().StringSliceVarP(p, "level", "l", nil, usage+SeveralLevels)
}

// SeveralLevels ends the help of --level on commands that take several.
const SeveralLevels = "; repeat --level for several levels, or separate them with commas"

// BoolWithOldName registers the bool flag name and old, its former name,
// hidden, both setting *p; a run given old warns on stderr (with why, the
// text after "deprecated: ") before the command runs. Call it after
// cmd.RunE is set.
func BoolWithOldName(cmd *cobra.Command, p *bool, name, usage, old, why string) {
	cmd.Flags().BoolVar(p, name, false, usage)
	cmd.Flags().BoolVar(p, old, false, "old name of --"+name)
	cmd.Flags().MarkHidden(old)
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if cmd.Flags().Changed(old) {
			fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: --%s is deprecated: %s\n", old, why)
		}
		return run(cmd, args)
	}
}
