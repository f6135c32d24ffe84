package fastlyfake

import (
	"net/http"
)

// Route patterns, as [LoggedRequest.Route], [Server.Count] and [Fault.Route]
// name them. They are the paths of the Fastly API endpoints the sandbox
// serves; the wildcards are in braces.
const (
	RouteServices       = "/service"
	RouteServiceSearch  = "/service/search"
	RouteService        = "/service/{service_id}"
	RouteDetails        = RouteService + "/details"
	RouteServiceDomains = RouteService + "/domain"
	RouteDiff           = RouteService + "/diff/from/{from}/to/{to}"

	RouteVersions = RouteService + "/version"
	RouteVersion  = RouteVersions + "/{version_id}"
	RouteClone    = RouteVersion + "/clone"
	RouteValidate = RouteVersion + "/validate"
	RouteActivate = RouteVersion + "/activate"
	// RouteActivateEnv activates on one of Fastly's environments (only
	// "staging" exists), leaving the production version as it is.
	RouteActivateEnv = RouteActivate + "/{environment}"
	RouteDeactivate  = RouteVersion + "/deactivate"
	RouteLock        = RouteVersion + "/lock"
	RouteSettings    = RouteVersion + "/settings"

	RouteVCLMain         = RouteVersion + "/vcl/{name}/main"
	RouteDirectorBackend = RouteVersion + "/director/{director_name}/backend/{backend_name}"
	RouteDomainCheck     = RouteVersion + "/domain/{name}/check"
	RouteDomainCheckAll  = RouteVersion + "/domain/check_all"
	RouteDictionaryInfo  = RouteVersion + "/dictionary/{dictionary_id}/info"

	// Dictionary items are not versioned: their routes name the
	// dictionary's ID, not a version.
	RouteItems      = RouteService + "/dictionary/{dictionary_id}/items"
	RouteItemCreate = RouteService + "/dictionary/{dictionary_id}/item"
	RouteItem       = RouteItemCreate + "/{item_key}"

	// ACL entries are not versioned either: they belong to the ACL's ID.
	// The batch endpoint is PATCH RouteACLEntries.
	RouteACLEntries     = RouteService + "/acl/{acl_id}/entries"
	RouteACLEntryCreate = RouteService + "/acl/{acl_id}/entry"
	RouteACLEntry       = RouteACLEntryCreate + "/{entry_id}"

	// RouteDynamicSnippet is a dynamic snippet's versionless content.
	RouteDynamicSnippet = RouteService + "/snippet/{snippet_id}"
)

// Object kinds the sandbox serves, as their routes name them.
const (
	KindBackend         = "backend"
	KindHealthcheck     = "healthcheck"
	KindDirector        = "director"
	KindDomain          = "domain"
	KindGzip            = "gzip"
	KindDictionary      = "dictionary"
	KindVCL             = "vcl"
	KindRequestSettings = "request_settings"
	KindACL             = "acl"
	KindSnippet         = "snippet"
	KindHeader          = "header"
	KindResponseObject  = "response_object"
	KindCondition       = "condition"
	KindCacheSettings   = "cache_settings"
	KindSyslog          = "logging/syslog"
	KindHTTPS           = "logging/https"
	KindS3              = "logging/s3"
)

// ListRoute returns the route that lists and creates the objects of a kind
// in a version: ListRoute(KindBackend) is
// "/service/{service_id}/version/{version_id}/backend".
func ListRoute(kind string) string { return RouteVersion + "/" + kind }

// ObjectRoute returns the route of one object of a kind, named {name}.
func ObjectRoute(kind string) string { return ListRoute(kind) + "/{name}" }

// routeEntry is one endpoint of the API.
type routeEntry struct {
	method, route string
	acc           access
	fn            endpoint
}

// routeTable lists every endpoint the sandbox serves.
func routeTable() []routeEntry {
	t := []routeEntry{
		{"GET", RouteServices, read, listServices},
		{"POST", RouteServices, change, createService},
		{"GET", RouteServiceSearch, read, searchService},
		{"GET", RouteService, read, getService},
		{"PUT", RouteService, change, updateService},
		{"DELETE", RouteService, change, deleteService},
		{"GET", RouteDetails, read, serviceDetails},
		{"GET", RouteServiceDomains, read, serviceDomains},
		{"GET", RouteDiff, read, diffVersions},

		{"GET", RouteVersions, read, listVersions},
		{"POST", RouteVersions, change, createVersion},
		{"GET", RouteVersion, read, getVersion},
		{"PUT", RouteVersion, change, updateVersion},
		{"PUT", RouteClone, change, cloneVersion},
		{"GET", RouteValidate, read, validateVersion},
		{"PUT", RouteActivate, change, activateVersion},
		{"PUT", RouteActivateEnv, change, activateVersionOn},
		{"PUT", RouteDeactivate, change, deactivateVersion},
		{"PUT", RouteLock, change, lockVersion},
		{"GET", RouteSettings, read, getSettings},
		{"PUT", RouteSettings, edit, updateSettings},
	}
	for _, k := range kinds {
		t = append(t,
			routeEntry{"GET", ListRoute(k.path), read, k.list},
			routeEntry{"POST", ListRoute(k.path), edit, k.create},
			routeEntry{"GET", ObjectRoute(k.path), read, k.get},
			routeEntry{"PUT", ObjectRoute(k.path), edit, k.update},
			routeEntry{"DELETE", ObjectRoute(k.path), edit, k.remove},
		)
	}
	return append(append(t,
		routeEntry{"PUT", RouteVCLMain, edit, setMainVCL},
		routeEntry{"POST", RouteDirectorBackend, edit, createDirectorBackend},
		routeEntry{"GET", RouteDirectorBackend, read, getDirectorBackend},
		routeEntry{"DELETE", RouteDirectorBackend, edit, deleteDirectorBackend},
		routeEntry{"GET", RouteDomainCheck, read, checkDomain},
		routeEntry{"GET", RouteDomainCheckAll, read, checkAllDomains},
		routeEntry{"GET", RouteDictionaryInfo, read, dictionaryInfo},

		routeEntry{"GET", RouteItems, read, listItems},
		routeEntry{"PATCH", RouteItems, change, batchItems},
		routeEntry{"POST", RouteItemCreate, change, createItem},
		routeEntry{"GET", RouteItem, read, getItem},
		routeEntry{"PUT", RouteItem, change, upsertItem},
		routeEntry{"PATCH", RouteItem, change, updateItem},
		routeEntry{"DELETE", RouteItem, change, deleteItem},

		routeEntry{"GET", RouteACLEntries, read, listACLEntries},
		routeEntry{"PATCH", RouteACLEntries, change, batchACLEntries},
		routeEntry{"POST", RouteACLEntryCreate, change, createACLEntry},
		routeEntry{"GET", RouteACLEntry, read, getACLEntry},
		routeEntry{"PATCH", RouteACLEntry, change, updateACLEntry},
		routeEntry{"DELETE", RouteACLEntry, change, deleteACLEntry},
		routeEntry{"GET", RouteDynamicSnippet, read, getDynamicSnippet},
		routeEntry{"PUT", RouteDynamicSnippet, change, updateDynamicSnippet},
	), purgeRoutes()...)
}

// routes builds the API's router.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	for _, e := range routeTable() {
		s.handle(m, e.method, e.route, e.acc, e.fn)
	}
	// Everything else: a 404 in Fastly's form.
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{http.StatusNotFound, "Record not found", "the sandbox serves no " + r.Method + " " + r.URL.Path})
	})
	return m
}

// Routes returns every "METHOD route" the sandbox serves.
func Routes() []string {
	var out []string
	for _, e := range routeTable() {
		out = append(out, e.method+" "+e.route)
	}
	return out
}
