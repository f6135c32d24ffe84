// Package fastlysync brings Fastly in line with the desired state the compiler
// produces: it reads what is on Fastly, compares, publishes, rolls back,
// imports, and flips the maintenance switch. It sees only the desired state
// (package desired, the build's service.json) and the VCL files beside it,
// never the definitions.
//
// The stages, one job each, data flowing one way:
//
//   - client.go, transport.go: Fastly HTTP access. go-fastly makes the calls;
//     under it a transport sets a timeout per attempt, retries reads on 5xx
//     and network failures with backoff, waits out a 429 when the rate limit
//     resets soon enough, and records Fastly-RateLimit-Remaining/-Reset.
//   - remote.go, flex.go: one GET /service/{id}/details per service, decoded
//     and normalised (Fastly sends numbers and booleans as strings for some
//     kinds) into a Config.
//   - config.go: Config, one version in the desired state's terms, from the
//     desired state (Desired) or from Fastly (Remote).
//   - plan.go: Compare(current, target) → Plan, field-level changes per
//     object and unified diffs per VCL file. Pure: no I/O.
//   - operations.go: Plan → the API writes that apply it, one per changed
//     object, ordered so that Fastly accepts each.
//   - render.go: Plan → text for people (colour optional) or JSON for tools.
//   - publish.go, rollback.go, maintenance.go, importer.go: the commands'
//     logic over the small API interface, which *Client implements.
//   - redact.go: the last line of defence keeping the API token and the
//     private include out of any output.
//
// Its tests run against the local Fastly API in internal/fastlyfake, which
// shares no code with this package or the compiler. The package was named
// sync; it is fastlysync so that it does not shadow the standard library's.
package fastlysync
