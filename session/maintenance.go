package session

import (
	"errors"
	"fmt"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlysync"
)

// maintenanceItem is the item of the compiler's settings dictionary that
// the VCL reads as the maintenance switch.
const maintenanceItem = "maintenance"

// ReadMaintenance reads the maintenance switch of Fastly service id;
// found is false when the item is unset. fastlysync.ErrNoDictionary means
// the service was never published with the switch.
func (s *Session) ReadMaintenance(id string) (state string, found bool, err error) {
	return fastlysync.ReadItem(s.Client, id, compiler.SettingsTable, maintenanceItem)
}

// SetMaintenance sets the maintenance switch of Fastly service id to state
// and returns what it was; changed is false when it already was state.
func (s *Session) SetMaintenance(id, state string) (old string, changed bool, err error) {
	return fastlysync.SetItem(s.Client, id, compiler.SettingsTable, maintenanceItem, state)
}

// MaintenanceRequest turns the maintenance switch of Service (in the
// definitions under Root) at Level to State, on or off.
type MaintenanceRequest struct {
	Root, Service, Level, State string
	// DryRun reads the switch and writes nothing.
	DryRun bool
}

// MaintenanceReport is what maintenance on/off did, in the shape of its
// --output json.
type MaintenanceReport struct {
	Service   string `json:"service"`
	Level     string `json:"level"`
	ServiceID string `json:"service_id"`
	// Old is the switch before ("" when unset), State after; Changed
	// says whether anything was written.
	Old     string `json:"old"`
	State   string `json:"state"`
	Changed bool   `json:"changed"`
	// DryRun says the switch was read and nothing was written: State is
	// what it would be.
	DryRun bool `json:"dry_run"`
	// Replaced is what the write found ("" when unset): Old, unless the
	// switch moved between the read and the write.
	Replaced string `json:"-"`
}

// SetMaintenanceSwitch reads the switch and, unless it is already in the
// requested position or this is a dry run, asks p and writes it. No
// version is made: "Dictionary Items can be added, removed and modified
// without activating a new version of the associated service" (Fastly API
// reference, "Dictionary item",
// https://www.fastly.com/reference/api/dictionaries/dictionary-item).
func (s *Session) SetMaintenanceSwitch(req MaintenanceRequest, p Prompter) (*MaintenanceReport, error) {
	site, err := loadSite(req.Root)
	if err != nil {
		return nil, err
	}
	id, err := site.MaintenanceSwitchAt(req.Service, req.Level)
	if err != nil {
		return nil, err
	}
	r := &MaintenanceReport{Service: req.Service, Level: req.Level, ServiceID: id, State: req.State}
	old, found, err := s.ReadMaintenance(id)
	if err != nil {
		return nil, err
	}
	if found {
		r.Old = old
	}
	if found && old == req.State {
		return r, nil
	}
	if req.DryRun {
		r.DryRun = true
		return r, nil
	}
	if err := p.Confirm("turn maintenance " + req.State + " for " + Where(req.Service, req.Level)); err != nil {
		return nil, err
	}
	r.Replaced, r.Changed, err = s.SetMaintenance(id, req.State)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// MaintenanceStatus is the switch of one service, a row of maintenance
// status --output json: State is on, off, unset (the VCL treats it as off)
// or absent (no settings dictionary on Fastly yet). Err is what kept it
// from being read; such a row is not printed as JSON.
type MaintenanceStatus struct {
	Service   string `json:"service"`
	Level     string `json:"level"`
	ServiceID string `json:"service_id"`
	State     string `json:"state"`
	Err       error  `json:"-"`
}

// MaintenanceStatuses are the switches of several services, in the order
// asked for.
type MaintenanceStatuses []MaintenanceStatus

// ReadMaintenanceStatuses reads the switch of each named service at level
// (every service with a maintenance section when none is named), in that
// order. A definition that does not load or an unknown level is the
// error, named once; a service that cannot be read has its row's Err set.
func (s *Session) ReadMaintenanceStatuses(root, level string, names []string) (MaintenanceStatuses, error) {
	site, err := loadSite(root)
	if err != nil {
		return nil, err
	}
	if _, err := site.LevelNamed(level); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		names = site.WithMaintenance()
	}
	rows := make(MaintenanceStatuses, len(names))
	for i, name := range names {
		rows[i] = s.maintenanceStatus(site, name, level)
	}
	return rows, nil
}

// maintenanceStatus reads one service's switch.
func (s *Session) maintenanceStatus(site *definition.Site, name, level string) MaintenanceStatus {
	row := MaintenanceStatus{Service: name, Level: level}
	var err error
	if row.ServiceID, err = site.MaintenanceSwitchAt(name, level); err != nil {
		row.Err = err
		return row
	}
	v, found, err := s.ReadMaintenance(row.ServiceID)
	switch {
	case errors.Is(err, fastlysync.ErrNoDictionary):
		row.State = "absent"
	case err != nil:
		row.Err = fmt.Errorf("%s: %w", Where(name, level), err)
	case !found:
		row.State = "unset"
	default:
		row.State = v
	}
	return row
}

// Read are the rows that were read: maintenance status --output json.
func (rows MaintenanceStatuses) Read() []MaintenanceStatus {
	out := []MaintenanceStatus{}
	for _, r := range rows {
		if r.Err == nil {
			out = append(out, r)
		}
	}
	return out
}

// Failures are what kept rows from being read.
func (rows MaintenanceStatuses) Failures() []error {
	var errs []error
	for _, r := range rows {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return errs
}
