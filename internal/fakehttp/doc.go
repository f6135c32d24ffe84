// Package fakehttp is the middleware the local API fakes share
// (internal/fastlyfake, internal/openstackfake): injected latency and
// faults, and a request log that never holds a secret.
//
// A fake gives a [Middleware] its route namer, its answer and its way of
// answering an injected fault; the middleware waits the latency, picks the
// fault a request meets (the Nth of a method and route), answers into a
// buffer so that a fault can replace an answer already applied, logs the
// request, and only then sends the answer: a client that has its answer
// finds its request in the log.
//
// The log ([Log]) keeps the most recent requests in a bounded ring and
// counts every request per method and route. Request bodies are never kept
// (they hold VCL, the private include, passwords), nor queries in the lines
// written out; the headers a fake names as secret (Fastly-Key, X-Auth-Token)
// are replaced by [Redacted].
package fakehttp
