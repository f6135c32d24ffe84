// Package fastlyplan compares two configurations of a Fastly service and
// says what changes, without any I/O: what it needs comes in as arguments
// (a Config, an io.Writer), and TestNoIO fails if it, or a package of this
// module it depends on, imports a network, file or process package.
//
//   - config.go: Config, one version in the desired state's terms, from the
//     desired state (Desired.Config) or from Fastly (fastlyapi.Remote).
//   - plan.go: Compare(current, target) → Plan, field-level changes per
//     object and unified diffs per VCL file.
//   - operations.go: Plan → the API writes that apply it, one per changed
//     object, ordered so that Fastly accepts each.
//   - render.go: Plan → text for people (colour optional) or JSON for tools.
//   - ownership.go: what the target owns (Owner): objects of other kinds
//     are listed as not managed, kept ones as kept, and never changed.
//   - webui.go: the web UI's kinds, compared and written like backends; a
//     dynamic snippet's content is a versionless write.
//   - secret.go: fields compared but never shown (a backend's client key).
package fastlyplan
