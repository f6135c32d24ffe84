package fastlyfake

import "net/url"

// Logging endpoints: versioned objects under .../logging/<kind>. Fastly
// answers every field as a string except a few counts, and answers a
// missing or duplicate endpoint of any logging kind as a "syslog" one
// (fixtures https/cleanup, s3s/create6). The details response holds none
// of them: a client lists them one kind at a time (fixture
// services/details; ../shared/reference/fastly-vcl.md).
//
// Types are as fixtures syslogs/*, https/* and s3s/* record them. Defaults:
//   - syslog: Fastly API reference "Syslog"
//     (https://docs.fastly.com/documentation/reference/api/logging/syslog):
//     port 514, use_tls 0, message_type classic, format_version 2 and the
//     format below;
//   - HTTPS: Fastly's OpenAPI as the fastly-api client documents it
//     ("LoggingHttpsAllOf",
//     https://docs.rs/crate/fastly-api/1.3.0/source/docs/LoggingHttpsAllOf.md):
//     method POST, request_max_entries and request_max_bytes 0, header and
//     content type null; json_format "0" is a guess;
//   - S3: the same for "LoggingS3Response" and "LoggingGenericCommon"
//     (https://docs.rs/crate/fastly-api/1.3.0/source/docs/LoggingGenericCommon.md):
//     period 3600, gzip_level 0, message_type classic; compression_codec
//     and gzip_level in one request are an error. The domain and
//     timestamp_format defaults are guesses.

// defaultLogFormat is Fastly's default log line format (Apache common log).
const defaultLogFormat = `%h %l %u %t "%r" %>s %b`

// loggingCommon are the fields of every logging endpoint.
func loggingCommon(fields ...field) []field {
	return append([]field{
		{"format", fString, defaultLogFormat},
		{"format_version", fStrInt, "2"},
		{"placement", fNullString, nil},
		{"response_condition", fString, ""},
	}, fields...)
}

// tlsFields are the TLS fields of syslog and HTTPS endpoints.
var tlsFields = []field{
	{"tls_ca_cert", fNullString, nil},
	{"tls_client_cert", fNullString, nil},
	{"tls_client_key", fNullString, nil},
	{"tls_hostname", fNullString, nil},
}

var (
	kindSyslog = &kind{
		path: "logging/syslog", plural: "logging_syslog", title: "syslog", lower: "logging_syslog",
		versionString: true, notInDetails: true,
		secrets: []string{"tls_client_key", "token"},
		fields: loggingCommon(append([]field{
			{"address", fString, ""},
			{"hostname", fNullString, nil},
			{"ipv4", fNullString, nil},
			{"message_type", fString, "classic"},
			{"port", fStrInt, "514"},
			{"public_key", fNullString, nil},
			{"token", fNullString, nil},
			{"use_tls", fStrBool, "0"},
		}, tlsFields...)...),
		check: requireField("address", "Address can't be blank"),
	}
	kindHTTPS = &kind{
		path: "logging/https", plural: "logging_https", title: "syslog", lower: "logging_syslog",
		versionString: true, notInDetails: true,
		secrets: []string{"header_value", "tls_client_key"},
		fields: loggingCommon(append([]field{
			{"content_type", fNullString, nil},
			{"header_name", fNullString, nil},
			{"header_value", fNullString, nil},
			{"json_format", fStrInt, "0"},
			{"message_type", fString, "classic"},
			{"method", fString, "POST"},
			{"request_max_bytes", fInt, 0},
			{"request_max_entries", fInt, 0},
			{"url", fString, ""},
		}, tlsFields...)...),
		check: requireField("url", "Url can't be blank"),
	}
	kindS3 = &kind{
		path: "logging/s3", plural: "logging_s3", title: "syslog", lower: "logging_syslog",
		versionString: true, notInDetails: true,
		secrets: []string{"access_key", "secret_key"},
		fields: loggingCommon(
			field{"access_key", fNullString, nil},
			field{"acl", fNullString, nil},
			field{"bucket_name", fString, ""},
			field{"compression_codec", fNullString, nil},
			field{"domain", fString, "s3.amazonaws.com"},
			field{"file_max_bytes", fInt, 0},
			field{"gzip_level", fStrInt, "0"},
			field{"iam_role", fNullString, nil},
			field{"message_type", fString, "classic"},
			field{"path", fNullString, nil},
			field{"period", fStrInt, "3600"},
			field{"public_key", fNullString, nil},
			field{"redundancy", fNullString, nil},
			field{"secret_key", fNullString, nil},
			field{"server_side_encryption", fNullString, nil},
			field{"server_side_encryption_kms_key_id", fNullString, nil},
			field{"timestamp_format", fString, "%Y-%m-%dT%H:%M:%S.000"},
		),
		refuse: s3Refuse,
		onForm: s3Form,
	}
)

// requireField returns a check that answers detail when name is empty.
func requireField(name, detail string) func(rec record) string {
	return func(rec record) string {
		if rec.str(name) == "" {
			return detail
		}
		return ""
	}
}

// s3Form applies the rules between S3 fields: credentials and an IAM
// role exclude each other (setting one empties the other, s3s/update4-5),
// and so do compression_codec and gzip_level (setting one resets the
// other, s3s/update2-3). The 400s of s3Refuse carry a msg and no detail,
// as recorded (s3s/create5, create7).
// s3Refuse refuses a request that sets fields which exclude each other;
// Fastly checks this before the name (s3s/create5 reuses a name).
func s3Refuse(form url.Values) *apiError {
	has := func(name string) bool { return form.Get(name) != "" }
	if has("iam_role") && (has("access_key") || has("secret_key")) {
		return &apiError{400, "'iam_role' can't be used when 'access_key' or 'secret_key' are provided", ""}
	}
	if has("compression_codec") && has("gzip_level") {
		return &apiError{400, "'compression_codec' and 'gzip_level' cannot be set simultaneously", ""}
	}
	return nil
}

func s3Form(c *call, rec record, create bool) *apiError {
	has := func(name string) bool { return c.form.Get(name) != "" }
	if create {
		return nil
	}
	switch {
	case has("iam_role"):
		rec["access_key"], rec["secret_key"] = "", ""
	case has("access_key") || has("secret_key"):
		rec["iam_role"] = ""
	}
	switch {
	case has("compression_codec"):
		rec["gzip_level"] = "0"
	case has("gzip_level"):
		rec["compression_codec"] = nil
	}
	return nil
}
