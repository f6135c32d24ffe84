package session

import (
	"cmp"
	"fmt"
	"io"
)

// This file renders the reports for people, as the sync commands print
// them on stdout (--output text); --output json prints the reports
// themselves. Plans are rendered by fastlyplan.Text.

// WriteText says what publish did, or would do.
func (r *PublishReport) WriteText(w io.Writer) error {
	where := Where(r.Service, r.Level)
	var err error
	switch {
	case r.UpToDate():
		_, err = fmt.Fprintf(w, "%s is up to date on Fastly; nothing was written\n", where)
	case r.DryRun:
		_, err = fmt.Fprintf(w, "dry run: publishing would make these %d writes on a draft of version %d (plus the clone, the comment and the activation), then validate; nothing was written:\n", len(r.Operations), r.Base)
		for _, op := range r.Operations {
			fmt.Fprintf(w, "  %s\n", op)
		}
	case r.Versionless:
		_, err = fmt.Fprintf(w, "wrote %d changes outside versions to %s; version %d stays active\n", len(r.Operations), where, r.Version)
	case r.Staged:
		_, err = fmt.Fprintf(w, "activated on Fastly's staging network version %d of %s (%d object writes)\n", r.Version, where, len(r.Operations))
	default:
		_, err = fmt.Fprintf(w, "activated version %d of %s (%d object writes)\n", r.Version, where, len(r.Operations))
	}
	return err
}

// WriteText says what rollback did, or would do.
func (r *RollbackReport) WriteText(w io.Writer) error {
	where := Where(r.Service, r.Level)
	if r.DryRun {
		_, err := fmt.Fprintf(w, "dry run: rolling back would activate version %d of %s (was %d); nothing was written\n", r.To, where, r.From)
		return err
	}
	_, err := fmt.Fprintf(w, "rolled %s back: version %d is active (was %d)\n", where, r.To, r.From)
	return err
}

// WriteText says where the switch went, or would go.
func (r *MaintenanceReport) WriteText(w io.Writer) error {
	where := Where(r.Service, r.Level)
	var err error
	switch {
	case r.DryRun:
		_, err = fmt.Fprintf(w, "dry run: maintenance of %s would go %s → %s; nothing was written\n", where, orUnset(r.Old), r.State)
	case !r.Changed:
		_, err = fmt.Fprintf(w, "maintenance of %s is already %s; nothing was written\n", where, r.State)
	default:
		_, err = fmt.Fprintf(w, "maintenance of %s: %s → %s\n", where, orUnset(r.Replaced), r.State)
	}
	return err
}

// orUnset is a switch's value as people read it: "unset" for none.
func orUnset(v string) string { return cmp.Or(v, "unset") }

// statusWords are the states maintenance status words for people.
var statusWords = map[string]string{"absent": "no switch on Fastly yet (publish the service to create it)", "unset": "unset (off)"}

// WriteText prints the switches that were read, one line each.
func (rows MaintenanceStatuses) WriteText(w io.Writer) error {
	for _, r := range rows.Read() {
		if _, err := fmt.Fprintf(w, "%s: %s\n", Where(r.Service, r.Level), cmp.Or(statusWords[r.State], r.State)); err != nil {
			return err
		}
	}
	return nil
}

// WriteText lists what a dry run would write, or says what to run next.
func (r *ImportReport) WriteText(w io.Writer) error {
	if !r.DryRun {
		_, err := fmt.Fprintf(w, "next: edgectl diff %s --level %s\n", r.Name, r.Level)
		return err
	}
	if r.PrivatePath != "" {
		fmt.Fprintf(w, "dry run: would write the private include to %s (content not shown)\n", r.PrivatePath)
	}
	for _, p := range r.Paths {
		fmt.Fprintf(w, "dry run: would write %s\n", p)
	}
	_, err := fmt.Fprintln(w, "dry run: nothing was written")
	return err
}
