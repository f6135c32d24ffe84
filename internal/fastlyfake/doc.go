// Package fastlyfake is a local Fastly API: the endpoints edgectl's sync
// commands call, with Fastly's semantics, for tests and for trying edgectl
// without an account (edgectl sandbox).
//
// What it answers as Fastly does (checked against the API traffic recorded
// in go-fastly v9.14.0's fixtures by the conformance test):
//
//   - services: list (paginated, Link headers), search by name, get,
//     create, update, delete (soft, as Fastly's), details (the service,
//     "version" and "active_version" with every object), domains;
//   - versions: list, create, get, update (comment), clone (every object
//     copied into a new unlocked, inactive version numbered after the
//     highest), validate (falco on the main VCL and what Fastly generates
//     from the objects), activate (deactivates the previous version, locks
//     this one), deactivate, lock, diff between two versions;
//   - versioned objects: backends, healthchecks, directors and their
//     backends, domains (and DNS checks), gzips, settings, dictionaries,
//     custom VCLs (and which is main), request settings, ACLs, snippets
//     (regular and dynamic), headers, response objects, conditions, cache
//     settings, and syslog, HTTPS and S3 logging endpoints (listed kind by
//     kind: the details response and the version diff hold no logging
//     endpoint, as Fastly's). Changes to a locked or active version answer
//     400. Fields are typed as Fastly types them, quirks included: gzips,
//     request settings and the newer kinds answer strings, unset backend
//     strings are null, a snippet's create answer has numbers its reads
//     have as strings;
//   - objects outside versions: dictionary items (list, create, get,
//     upsert, update, delete, batch), ACL entries (list, create, get,
//     update, delete, and a batch of up to 1,000 operations applied all or
//     nothing) and a dynamic snippet's content (get, update); they belong
//     to the dictionary's, ACL's or snippet's ID, which clones keep, and
//     change no version;
//   - purges (purge.go): a URL, one surrogate key, a batch of up to 256
//     keys, everything; soft with Fastly-Soft-Purge. They change nothing and
//     are recorded for tests ([Server.Purges]);
//   - logging credentials (keys, tokens, TLS keys, the HTTPS header value)
//     answered as set but written to the state file only as a digest, and
//     redacted in logged queries (secret.go);
//   - errors in Fastly's {"msg", "detail"} form: 400 for an unknown service
//     ID, 404 "Couldn't find ..." for a missing object, 409 for a duplicate
//     name, 401 without a Fastly-Key;
//   - the rate limit: Fastly-RateLimit-Remaining and -Reset on non-read
//     answers, 429 once the hourly budget (1,000) is spent.
//
// For tests, a [Server] injects latency and faults ([Server.SetFaults]:
// the Nth matching request answers 500, 503 or 429 or loses its
// connection, before or after it is applied), logs every request before
// answering it, with the token redacted and no body, in a ring of the
// last [MaxLogged] ([Server.Requests]) beside counters of all of them
// ([Server.Count] per route, [Server.Writes] for every write; the middleware is internal/fakehttp's,
// shared with internal/openstackfake), and can persist its state to a JSON file
// (Options.StateFile, written debounced; [Server.Flush]), sorted so that
// equal states give equal bytes.
//
// Wordings of answers no fixture records (the locked-version error, the
// unknown-service error, the 429 body) are the sandbox's own and say so in
// comments.
//
// It lives under internal/ because it is a test double, not an API, and it
// imports none of the compiler, the definitions or the inventory (only
// package desired, package fastlyvcl, the one rendering of what Fastly
// generates from a service's objects, falco's lint (package verify) and
// internal/fakehttp, the middleware shared with the OpenStack fake;
// TestImportsOnlyDesiredAndFalco and TestDepsExcludeCompiler hold it to
// that): a fake that used the code it checks, such as the compiler's VCL
// quoting, could not catch that code's bugs. Seeds from the repository's
// definitions come from package internal/siteseed, outside the fake's tree.
package fastlyfake
