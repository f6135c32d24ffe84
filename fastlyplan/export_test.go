package fastlyplan

// What the external tests (package fastlyplan_test, which use
// internal/fastlytest and so cannot be inside this package) check directly.
var (
	UnifiedDiff = unifiedDiff
	FormatField = formatField
)

// The colours of Text, to strip from or find in its output.
const (
	AnsiRed   = ansiRed
	AnsiGreen = ansiGreen
)
