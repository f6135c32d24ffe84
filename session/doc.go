// Package session is what an edgectl command that talks to Fastly does
// between parsing its flags and printing: it resolves the credentials and
// the endpoint (flag, then environment, then default), compiles the
// services for one level while reading their active versions from Fastly,
// compares the two, reads every level's service for import and writes the
// imported files.
//
// It joins the pipeline (which compiles) and fastlysync (which talks to
// Fastly), which know nothing of each other; cmd/edgectl only wires flags to
// it and prints what it returns. Everything read from Fastly is registered
// with the session's Redactor before it is returned, so that the caller's
// redacting writers keep the private include out of any output.
package session
