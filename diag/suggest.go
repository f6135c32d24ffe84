package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Closest returns the name the user probably meant by key: one equal to it
// but for case, or else the nearest within two edits (a swap of adjacent
// letters counting as one). Short keys need a closer match, so that "base"
// is not offered "name".
func Closest(key string, names []string) string {
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return n
		}
	}
	if p := uniquePrefixOf(key, names); p != "" {
		return p
	}
	best, bestDist := "", 3
	keyLen := utf8.RuneCountInString(key)
	for _, n := range names {
		if dist := editDistance(key, n, bestDist); dist < bestDist && 2*dist < keyLen {
			best, bestDist = n, dist
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between a and b, counting a
// swap of adjacent characters as one edit, or limit when it is at least
// limit (which also keeps long garbage keys cheap).
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}

// DidYouMean is the hint for a name that is not one of names: the closest
// one, or the whole list when none is close.
func DidYouMean(key string, names []string, list string) string {
	if s := Closest(key, names); s != "" {
		return fmt.Sprintf("did you mean %q? %s: %s", s, list, strings.Join(names, ", "))
	}
	return list + ": " + strings.Join(names, ", ")
}

// uniquePrefixOf returns the only name key abbreviates ("prod" for
// production), or "" when none or several do. Keys shorter than three
// characters abbreviate nothing.
func uniquePrefixOf(key string, names []string) string {
	if utf8.RuneCountInString(key) < 3 {
		return ""
	}
	found := ""
	for _, n := range names {
		if len(n) > len(key) && strings.HasPrefix(strings.ToLower(n), strings.ToLower(key)) {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	return found
}

// Within reports whether a and b are at most n edits apart (a swap of
// adjacent characters counting as one): the one edit distance of edgectl,
// used for names the user probably meant (flags, levels, keys).
func Within(a, b string, n int) bool { return editDistance(a, b, n+1) <= n }
