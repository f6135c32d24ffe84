package fleet

// What the external tests (package fleet_test: the benchmarks) share with
// the internal ones: the small fleet definition and the repository root
// made from it.
const MinimalFleet = minimalFleet

var WriteRoot = writeRoot
