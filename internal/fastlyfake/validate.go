package fastlyfake

import (
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/verify"
)

// validationResult is Fastly's answer to GET .../validate:
// {"status": "ok"|"error", "msg", "errors", "warnings", "messages"}.
// go-fastly reads status and msg.
type validationResult struct {
	Status   string
	Msg      string
	Errors   []string
	Warnings []string
}

func (r *validationResult) failed() bool { return r.Status != "ok" }

func (r *validationResult) json() map[string]any {
	msgs := []any{}
	add := func(list []string, warning bool) {
		for _, m := range list {
			typ := "error"
			if warning {
				typ = "warning"
			}
			msgs = append(msgs, map[string]any{"type": typ, "warning": warning, "message": m, "tokens": []any{}})
		}
	}
	add(r.Errors, false)
	add(r.Warnings, true)
	var msg any
	if r.Msg != "" {
		msg = r.Msg
	}
	return map[string]any{
		"status":   r.Status,
		"msg":      msg,
		"errors":   append([]string{}, r.Errors...),
		"warnings": append([]string{}, r.Warnings...),
		"messages": msgs,
	}
}

// validation compiles the version as Fastly would: the declarations Fastly
// generates from the version's objects (backends as F_<name>, directors,
// dictionaries as tables), then the main custom VCL with its includes
// resolved from the version's other VCLs, all linted with falco. Without
// custom VCL, Fastly's boilerplate stands in for main, as Fastly generates
// it then.
func validation(st *state, svc *service, v *version) *validationResult {
	res := &validationResult{Status: "ok"}
	files, entry, problems := generate(st, svc, v)
	res.Errors = append(res.Errors, problems...)
	if entry != "" {
		findings, err := verify.Lint(files, entry)
		if err != nil {
			res.Errors = append(res.Errors, err.Error())
		}
		for _, f := range findings {
			switch f.Severity {
			case verify.SeverityError:
				res.Errors = append(res.Errors, f.String())
			case verify.SeverityWarning:
				res.Warnings = append(res.Warnings, f.String())
			}
		}
	}
	if len(res.Errors) > 0 {
		res.Status, res.Msg = "error", res.Errors[0]
	}
	return res
}

// vclIdent turns an object name into a VCL identifier the way Fastly
// generates them: characters other than letters, digits and _ become _.
// (Fastly's exact rule for such names is unconfirmed.)
func vclIdent(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, name)
}

// generate returns the VCL files of a version for falco and the name of the
// entry file (the generated declarations, then include of main), with the
// problems found before any VCL is compiled. entry is empty when there is
// nothing to compile.
func generate(st *state, svc *service, v *version) (files verify.Files, entry string, problems []string) {
	files = verify.Files{}
	mainName := ""
	for _, rec := range v.Objects[kindVCL.plural] {
		files[rec.str("name")] = rec.str("content")
		if rec.flag("main") {
			mainName = rec.str("name")
		}
	}
	switch {
	case len(files) == 0:
		mainName = "boilerplate"
		files[mainName] = Boilerplate
	case mainName == "":
		return nil, "", []string{"No main VCL: mark one of the uploaded VCLs main (PUT .../vcl/{name}/main)"}
	}
	entry = "generated"
	for {
		if _, taken := files[entry]; !taken {
			break
		}
		entry += "_"
	}

	var b strings.Builder
	b.WriteString("# What Fastly generates from the version's objects; then the main VCL.\n")
	checks := map[string]record{}
	for _, hc := range v.Objects[kindHealthcheck.plural] {
		checks[hc.str("name")] = hc
	}
	backends := map[string]record{}
	for _, be := range v.Objects[kindBackend.plural] {
		backends[be.str("name")] = be
		var hc record
		if name := be.str("healthcheck"); name != "" {
			if hc = checks[name]; hc == nil {
				problems = append(problems, fmt.Sprintf("Backend %s uses healthcheck %s, which does not exist", be.str("name"), name))
			}
		}
		writeBackend(&b, be, hc)
	}
	for _, d := range v.Objects[kindDirector.plural] {
		members := v.directorBackends(d.str("name"))
		for _, m := range members {
			if backends[m] == nil {
				problems = append(problems, fmt.Sprintf("Director %s has member %s, which is not a backend", d.str("name"), m))
			}
		}
		writeDirector(&b, d, members, backends)
	}
	for _, d := range v.Objects[kindDictionary.plural] {
		fmt.Fprintf(&b, "\ntable %s STRING {\n", vclIdent(d.str("name")))
		for _, it := range st.items(svc.ID, d.str("id")) {
			fmt.Fprintf(&b, "  %s: %s,\n", vclString(it.Key), vclString(it.Value))
		}
		b.WriteString("}\n")
	}
	for _, a := range v.Objects[kindACL.plural] {
		writeACL(&b, a.str("name"), st.ACLEntries[svc.ID][a.str("id")])
	}
	fmt.Fprintf(&b, "\ninclude %s;\n", vclString(mainName))
	files[entry] = b.String()
	return files, entry, problems
}

// writeACL declares an ACL with its entries, as Fastly generates it
// (https://www.fastly.com/documentation/reference/vcl/declarations/acl/).
func writeACL(b *strings.Builder, name string, entries []*aclEntry) {
	fmt.Fprintf(b, "\nacl %s {\n", vclIdent(name))
	for _, e := range entries {
		neg, subnet := "", ""
		if e.Negated {
			neg = "!"
		}
		if e.Subnet != nil {
			subnet = fmt.Sprintf("/%d", *e.Subnet)
		}
		fmt.Fprintf(b, "  %s%s%s;\n", neg, vclString(e.IP), subnet)
	}
	b.WriteString("}\n")
}

func writeBackend(b *strings.Builder, be, hc record) {
	fmt.Fprintf(b, "\nbackend F_%s {\n", vclIdent(be.str("name")))
	fmt.Fprintf(b, "  .host = %s;\n", vclString(be.str("address")))
	fmt.Fprintf(b, "  .port = %s;\n", vclString(fmt.Sprint(be.num("port"))))
	if h := be.str("override_host"); h != "" {
		fmt.Fprintf(b, "  .host_header = %s;\n  .always_use_host_header = true;\n", vclString(h))
	}
	fmt.Fprintf(b, "  .connect_timeout = %dms;\n", be.num("connect_timeout"))
	fmt.Fprintf(b, "  .first_byte_timeout = %dms;\n", be.num("first_byte_timeout"))
	fmt.Fprintf(b, "  .between_bytes_timeout = %dms;\n", be.num("between_bytes_timeout"))
	fmt.Fprintf(b, "  .max_connections = %d;\n", be.num("max_conn"))
	if be.flag("use_ssl") {
		b.WriteString("  .ssl = true;\n")
		if h := be.str("ssl_cert_hostname"); h != "" {
			fmt.Fprintf(b, "  .ssl_cert_hostname = %s;\n", vclString(h))
		}
		if h := be.str("ssl_sni_hostname"); h != "" {
			fmt.Fprintf(b, "  .ssl_sni_hostname = %s;\n", vclString(h))
		}
	}
	if hc != nil {
		req := []string{vclString(hc.str("method") + " " + hc.str("path") + " HTTP/" + hc.str("http_version"))}
		if h := hc.str("host"); h != "" {
			req = append(req, vclString("Host: "+h))
		}
		if hs, ok := hc["headers"].([]string); ok {
			for _, h := range hs {
				req = append(req, vclString(h))
			}
		}
		req = append(req, vclString("Connection: close"))
		b.WriteString("  .probe = {\n")
		fmt.Fprintf(b, "    .request = %s;\n", strings.Join(req, " "))
		fmt.Fprintf(b, "    .expected_response = %d;\n", hc.num("expected_response"))
		fmt.Fprintf(b, "    .interval = %dms;\n", hc.num("check_interval"))
		fmt.Fprintf(b, "    .timeout = %dms;\n", hc.num("timeout"))
		fmt.Fprintf(b, "    .window = %d;\n", hc.num("window"))
		fmt.Fprintf(b, "    .threshold = %d;\n", hc.num("threshold"))
		fmt.Fprintf(b, "    .initial = %d;\n", hc.num("initial"))
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

func writeDirector(b *strings.Builder, d record, members []string, backends map[string]record) {
	typ := map[int]string{1: "random", 3: "hash", 4: "client"}[d.num("type")]
	fmt.Fprintf(b, "\ndirector %s %s {\n", vclIdent(d.str("name")), typ)
	fmt.Fprintf(b, "  .quorum = %d%%;\n", d.num("quorum"))
	if typ == "random" {
		fmt.Fprintf(b, "  .retries = %d;\n", d.num("retries"))
	}
	for _, m := range members {
		weight := 1
		if be := backends[m]; be != nil && be.num("weight") > 0 {
			weight = be.num("weight")
		}
		fmt.Fprintf(b, "  { .backend = F_%s; .weight = %d; }\n", vclIdent(m), weight)
	}
	b.WriteString("}\n")
}
