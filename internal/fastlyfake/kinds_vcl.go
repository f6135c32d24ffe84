package fastlyfake

import (
	"fmt"
	"net/url"
	"slices"
)

// The versioned kinds that Fastly turns into VCL of its own: ACLs (their
// entries are versionless, acl.go), snippets (a dynamic one's content is
// versionless, snippets.go), header and response objects, conditions and
// cache settings. Every field but the counts is a string on Fastly; the
// fixtures acls/*, vcl_snippets/*, headers/*, response_objects/*,
// conditions/* and cache_settings/* record the types. Defaults:
//   - snippets: priority 100, dynamic 0 (Fastly, "Using dynamic VCL
//     Snippets", https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/vcl-snippets/using-dynamic-vcl-snippets);
//   - headers and conditions: priority 100 (Fastly's OpenAPI as the
//     fastly-api client documents it, "Header" and "ConditionResponse",
//     https://docs.rs/crate/fastly-api/1.3.0/source/docs/Header.md and
//     .../ConditionResponse.md);
//   - cache settings: every field a string, none with a default (Fastly
//     API reference, "Cache settings",
//     https://www.fastly.com/documentation/reference/api/vcl-services/cache-settings);
//   - the rest (header action and type, response object status and
//     response) are guesses, marked so.

// snippetTypes are the places a snippet can go (API reference, "VCL
// snippets": type is one of these).
var snippetTypes = []string{"init", "recv", "hash", "hit", "miss", "pass", "fetch", "error", "deliver", "log", "none"}

// conditionTypes are the kinds of condition Fastly knows.
var conditionTypes = []string{"REQUEST", "CACHE", "RESPONSE", "PREFETCH"}

var (
	kindACL = &kind{
		path: "acl", plural: "acls", title: "ACL", lower: "acl",
		versionString: true, hasID: true,
		// Recorded in acls/create_expected_error: the dictionary's rule.
		check:        checkDictionaryName,
		nameOptional: true,
	}
	kindSnippet = &kind{
		path: "snippet", plural: "snippets", title: "Snippet", lower: "snippet",
		versionString: true, hasID: true, byName: true,
		fields: []field{
			{"content", fNullString, nil},
			{"dynamic", fStrBool, "0"},
			{"priority", fStrInt, "100"},
			{"type", fString, ""},
		},
		check: func(rec record) string {
			if !slices.Contains(snippetTypes, rec.str("type")) {
				return fmt.Sprintf("Type must be one of %v, not %q", snippetTypes, rec.str("type"))
			}
			return ""
		},
		onForm:       snippetForm,
		createAnswer: snippetCreateAnswer,
	}
	kindHeader = &kind{
		path: "header", plural: "headers", title: "Header", lower: "header",
		versionString: true,
		fields: []field{
			{"action", fString, "set"}, // default a guess
			{"cache_condition", fNullString, nil},
			{"dst", fString, ""},
			{"ignore_if_set", fStrBool, "0"},
			{"priority", fStrInt, "100"},
			{"regex", fNullString, nil}, // default unrecorded
			{"request_condition", fNullString, nil},
			{"response_condition", fNullString, nil},
			{"src", fNullString, nil},          // default unrecorded
			{"substitution", fNullString, nil}, // default unrecorded
			{"type", fString, "request"},       // default a guess
		},
	}
	kindResponseObject = &kind{
		path: "response_object", plural: "response_objects", title: "ResponseObject", lower: "response_object",
		versionString: true,
		fields: []field{
			{"cache_condition", fString, ""},
			{"content", fString, ""},
			{"content_type", fString, ""},
			{"request_condition", fString, ""},
			{"response", fString, "Ok"}, // default a guess
			{"status", fStrInt, "200"},  // default a guess
		},
	}
	kindCondition = &kind{
		path: "condition", plural: "conditions", title: "Condition", lower: "condition",
		versionString: true,
		fields: []field{
			{"comment", fString, ""},
			{"priority", fStrInt, "100"},
			{"statement", fString, ""},
			{"type", fString, ""},
		},
		check: func(rec record) string {
			if !slices.Contains(conditionTypes, rec.str("type")) {
				return fmt.Sprintf("Type must be one of %v, not %q", conditionTypes, rec.str("type"))
			}
			if rec.str("statement") == "" {
				return "Statement can't be blank"
			}
			return ""
		},
	}
	kindCacheSettings = &kind{
		path: "cache_settings", plural: "cache_settings", title: "CacheSettings", lower: "cache_settings",
		versionString: true,
		fields: []field{
			{"action", fNullString, nil},
			{"cache_condition", fString, ""},
			{"stale_ttl", fStrInt, nil},
			{"ttl", fStrInt, nil},
		},
	}
)

// snippetForm keeps a dynamic snippet's content out of the version: it
// goes to the versionless store (snippets.go), and the version answers
// null (vcl_snippets/create_with_all_fields, list).
func snippetForm(c *call, rec record, _ bool) *apiError {
	if !rec.flag("dynamic") {
		return nil
	}
	content, sent := rec.str("content"), false
	if _, ok := c.form["content"]; ok {
		content, sent = c.form.Get("content"), true
	}
	// A snippet made dynamic by an update keeps the content it had.
	if sent || c.st.Snippets[c.svc.ID][rec.str("id")] == nil {
		c.st.setSnippetContent(c.svc.ID, rec.str("id"), content, c.now)
	}
	rec["content"] = nil
	return nil
}

// snippetCreateAnswer reproduces the create answer's types, which differ
// from every later read (vcl_snippets/create_*): dynamic is a number, and
// a priority left to its default is the number 100.
func snippetCreateAnswer(out map[string]any, form url.Values) {
	out["dynamic"] = map[bool]int{false: 0, true: 1}[out["dynamic"] == "1"]
	if _, ok := form["priority"]; !ok {
		out["priority"] = 100
	}
}
