package cli

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestOneLevel(t *testing.T) {
	tests := []struct {
		sets    []string
		want    string
		wantErr string
	}{
		{[]string{"staging"}, "staging", ""},
		{[]string{"staging", "staging"}, "staging", ""},
		{[]string{"staging", "production"}, "staging", "--level is given twice (staging, production)"},
		{[]string{"staging,production"}, "production", "one level, not a list"},
	}
	for _, tt := range tests {
		v := "production"
		f := OneLevel(&v)
		var err error
		for _, s := range tt.sets {
			if err = f.Set(s); err != nil {
				break
			}
		}
		if v != tt.want || (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("%v: value %q, error %v; want %q, %q", tt.sets, v, err, tt.want, tt.wantErr)
		}
	}
}

func TestSuggestFlag(t *testing.T) {
	cmd := &cobra.Command{Use: "x"}
	cmd.Flags().Bool("dry-run", false, "")
	cmd.Flags().String("level", "", "")
	cmd.Flags().Bool("secret", false, "")
	cmd.Flags().MarkHidden("secret")
	tests := []struct{ err, want string }{
		{"unknown flag: --levle", "unknown flag: --levle\n\nDid you mean this?\n\t--level"},
		{"unknown flag: --dry", "unknown flag: --dry\n\nDid you mean this?\n\t--dry-run"},
		{"unknown flag: --secrte", "unknown flag: --secrte"},
		{"unknown shorthand flag: 'z'", "unknown shorthand flag: 'z'"},
	}
	for _, tt := range tests {
		if got := SuggestFlag(cmd, errors.New(tt.err)).Error(); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestCompleteFrom(t *testing.T) {
	names := func(*cobra.Command) []string { return []string{"www", "wiki", "blog"} }
	tests := []struct {
		max        int
		args       []string
		toComplete string
		want       []string
	}{
		{0, nil, "w", []string{"www", "wiki"}},
		{0, []string{"www"}, "", []string{"wiki", "blog"}},
		{1, []string{"www"}, "", nil},
	}
	for _, tt := range tests {
		got, _ := CompleteFrom(tt.max, names)(&cobra.Command{}, tt.args, tt.toComplete)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%d %v %q: %v, want %v", tt.max, tt.args, tt.toComplete, got, tt.want)
		}
	}
}
