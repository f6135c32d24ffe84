package session

import (
	"github.com/webplatform/edgectl/compiler"
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
