package sync

import (
	"fmt"
)

// SetItem sets one item of an edge dictionary of the active version, the
// way the maintenance switch is flipped: dictionary items are not part of a
// version, so no version is created. It reads the item first and writes
// only when the value differs; it returns the previous value ("" when the
// item did not exist) and whether it wrote.
func SetItem(api API, serviceID, dictionary, key, value string) (old string, changed bool, err error) {
	r, err := api.Details(serviceID, 0)
	if err != nil {
		return "", false, describe("read service "+serviceID, err)
	}
	if r.ActiveVersion == 0 {
		return "", false, fmt.Errorf("service %s has no active version; publish it first", r.describe())
	}
	id := r.DictionaryIDs[dictionary]
	if id == "" {
		return "", false, fmt.Errorf("the active version %d of service %s has no dictionary %s; publish the service first (edgectl publish creates it)", r.ActiveVersion, r.describe(), dictionary)
	}
	old, found, err := api.DictionaryItem(serviceID, id, key)
	if err != nil {
		return "", false, describe(fmt.Sprintf("read item %s of dictionary %s", key, dictionary), err)
	}
	if found && old == value {
		return old, false, nil
	}
	if err := api.SetDictionaryItem(serviceID, id, key, value); err != nil {
		return old, false, describe(fmt.Sprintf("set item %s of dictionary %s", key, dictionary), err)
	}
	return old, true, nil
}
