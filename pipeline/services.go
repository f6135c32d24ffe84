package pipeline

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
)

// ServiceRow is one row of services --output json: a service at a level
// (the README's Output table is its contract).
type ServiceRow struct {
	Service   string   `json:"service"`
	Level     string   `json:"level"`
	ServiceID string   `json:"service_id"`
	Domains   []string `json:"domains"`
}

// Services lists each service of site at each of levels (every level when
// none is named), by service name, with its Fastly ID and domains there.
func Services(site *definition.Site, levels []string) []ServiceRow {
	var rows []ServiceRow
	for _, lvl := range site.Levels {
		if len(levels) > 0 && !slices.Contains(levels, string(lvl.Name)) {
			continue
		}
		for _, svc := range site.Services {
			rows = append(rows, ServiceRow{Service: svc.Name, Level: string(lvl.Name), ServiceID: svc.ServiceIDs[string(lvl.Name)], Domains: compiler.Domains(svc, &lvl)})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Service < rows[j].Service })
	return rows
}

// WriteServices writes rows as aligned text for people.
func WriteServices(w io.Writer, rows []ServiceRow) {
	for _, r := range rows {
		fmt.Fprintf(w, "%-8s %-11s %-22s %s\n", r.Service, r.Level, r.ServiceID, strings.Join(r.Domains, " "))
	}
}
