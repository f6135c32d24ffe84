// Package session is what an edgectl command that talks to Fastly does
// between parsing its flags and printing: one flow per command, each a
// single call that returns a report.
//
//   - Open resolves the credentials and the endpoint (flag, then
//     environment, then default) and gives the session a redacting Stderr
//     for progress and problems.
//   - Diff compiles the services for one level while reading their active
//     versions from Fastly, and compares the two.
//   - Publish, Rollback and SetMaintenanceSwitch decide when to show the
//     plan and when to ask (a Prompter, the command's terminal), then
//     write; ReadMaintenanceStatuses reads the switches.
//   - ImportService reads every level's service and writes the definition.
//
// The reports (PublishReport, RollbackReport, MaintenanceReport,
// MaintenanceStatus) are the commands' --output json documents, and render
// their own text (text.go). A definition that does not load comes back as
// a DefinitionError; an unknown service or level is named in definition's
// words.
//
// It joins the pipeline (which compiles) and fastlysync (which talks to
// Fastly), which know nothing of each other; cmd/edgectl only wires flags to
// it and prints what it returns. Everything read from Fastly is registered
// with the session's Redactor before it is returned, so that the caller's
// redacting writers keep the private include out of any output.
package session
