package fastlyfake

import (
	"fmt"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyvcl"
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

	ds, problems := v.desired(st, svc.ID)
	files[entry] = "# What Fastly generates from the version's objects; then the main VCL.\n" +
		fastlyvcl.Declarations(ds) +
		"\ninclude " + fastlyvcl.String(mainName) + ";\n"
	return files, entry, problems
}

// desired is the fake's model of a version turned into the desired state
// whose declarations Fastly generates (fastlyvcl renders them), with the
// references Fastly would refuse: a backend's unknown health check, a
// director member that is not a backend. Health check headers are not
// carried: desired.Healthcheck has none (edgectl sets none), so a probe
// of a version set up with headers is rendered without them.
func (v *version) desired(st *state, serviceID string) (*desired.Service, []string) {
	ds := &desired.Service{}
	var problems []string
	checks := map[string]bool{}
	for _, hc := range v.Objects[kindHealthcheck.plural] {
		checks[hc.str("name")] = true
		ds.Healthchecks = append(ds.Healthchecks, desired.Healthcheck{
			Name: hc.str("name"), Method: hc.str("method"), Host: hc.str("host"), Path: hc.str("path"),
			HTTPVersion: hc.str("http_version"), Timeout: hc.num("timeout"), CheckInterval: hc.num("check_interval"),
			ExpectedResponse: hc.num("expected_response"), Window: hc.num("window"), Threshold: hc.num("threshold"), Initial: hc.num("initial"),
		})
	}
	backends := map[string]bool{}
	for _, be := range v.Objects[kindBackend.plural] {
		backends[be.str("name")] = true
		if name := be.str("healthcheck"); name != "" && !checks[name] {
			problems = append(problems, fmt.Sprintf("Backend %s uses healthcheck %s, which does not exist", be.str("name"), name))
		}
		ds.Backends = append(ds.Backends, desired.Backend{
			Name: be.str("name"), Address: be.str("address"), Port: be.num("port"), OverrideHost: be.str("override_host"),
			UseSSL: be.flag("use_ssl"), SSLCertHostname: be.str("ssl_cert_hostname"), SSLSNIHostname: be.str("ssl_sni_hostname"),
			ConnectTimeout: be.num("connect_timeout"), FirstByteTimeout: be.num("first_byte_timeout"),
			BetweenBytesTimeout: be.num("between_bytes_timeout"), MaxConn: be.num("max_conn"),
			Healthcheck: be.str("healthcheck"), Weight: be.num("weight"),
		})
	}
	for _, d := range v.Objects[kindDirector.plural] {
		members := v.directorBackends(d.str("name"))
		for _, m := range members {
			if !backends[m] {
				problems = append(problems, fmt.Sprintf("Director %s has member %s, which is not a backend", d.str("name"), m))
			}
		}
		ds.Directors = append(ds.Directors, desired.Director{Name: d.str("name"), Type: d.num("type"), Quorum: d.num("quorum"), Retries: d.num("retries"), Backends: members})
	}
	for _, d := range v.Objects[kindDictionary.plural] {
		items := map[string]string{}
		for _, it := range st.items(serviceID, d.str("id")) {
			items[it.Key] = it.Value
		}
		ds.Dictionaries = append(ds.Dictionaries, desired.Dictionary{Name: d.str("name"), Items: items})
	}
	for _, a := range v.Objects[kindACL.plural] {
		acl := desired.ACL{Name: a.str("name")}
		for _, e := range st.ACLEntries[serviceID][a.str("id")] {
			x := desired.ACLEntry{IP: e.IP, Negated: e.Negated}
			if e.Subnet != nil {
				x.Subnet = *e.Subnet
			}
			acl.Entries = append(acl.Entries, x)
		}
		ds.ACLs = append(ds.ACLs, acl)
	}
	return ds, problems
}
