// Package fastlysync brings Fastly in line with the desired state the compiler
// produces: it publishes, rolls back, imports, and flips the maintenance
// switch. These are the flows that write, or decide what to write; they run
// over the small API interface, which *fastlyapi.Client implements, and use
// the plans of package fastlyplan.
//
// The packages of sync, data flowing one way:
//
//   - fastlyplan: Config (one version in the desired state's terms), Compare
//     → Plan, Plan → Operations, Plan → text or JSON. Pure: no I/O.
//   - fastlyapi: Fastly HTTP access (client, transport with timeouts, retries
//     and the rate limit) and the decoding of Fastly's answers into a Remote
//     holding a fastlyplan.Config.
//   - fastlysync (this package): publish.go, rollback.go, maintenance.go,
//     importer.go, the commands' logic; private.go reads the private include.
//   - redact: the last line of defence keeping the private include out of
//     any output.
//
// It sees only the desired state (package desired, the build's
// service.json) and the VCL files beside it, never the definitions. Its
// tests run against the local Fastly API in internal/fastlyfake, which shares
// no code with these packages or the compiler; their shared test inputs are
// in internal/fastlytest. The package was named sync; it is fastlysync so
// that it does not shadow the standard library's.
package fastlysync
