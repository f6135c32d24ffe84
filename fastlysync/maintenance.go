package fastlysync

import (
	"errors"
	"fmt"

	"github.com/webplatform/edgectl/fastlyapi"
)

// ErrNoDictionary is wrapped by the errors of ReadItem and SetItem when the
// active version lacks the dictionary (the service was never published).
var ErrNoDictionary = errors.New("no such dictionary")

// ReadItem reads one item of an edge dictionary of the active version; found
// is false when the item does not exist. Reading writes nothing: maintenance
// status and the dry run of maintenance on/off use it.
func ReadItem(api API, serviceID, dictionary, key string) (value string, found bool, err error) {
	_, value, found, err = readItem(api, serviceID, dictionary, key)
	return value, found, err
}

// readItem also returns the dictionary's ID, for a write after the read.
func readItem(api API, serviceID, dictionary, key string) (dictionaryID, value string, found bool, err error) {
	r, err := api.Details(serviceID, 0)
	if err != nil {
		return "", "", false, fastlyapi.Describe("read service "+serviceID, err)
	}
	if r.ActiveVersion == 0 {
		return "", "", false, fmt.Errorf("service %s has no active version; publish it first", r.Describe())
	}
	id := r.DictionaryIDs[dictionary]
	if id == "" {
		return "", "", false, fmt.Errorf("the active version %d of service %s has no dictionary %s; publish the service first (edgectl publish creates it)%w", r.ActiveVersion, r.Describe(), dictionary, noDictionary{})
	}
	value, found, err = api.DictionaryItem(serviceID, id, key)
	if err != nil {
		return "", "", false, fastlyapi.Describe(fmt.Sprintf("read item %s of dictionary %s", key, dictionary), err)
	}
	return id, value, found, nil
}

// SetItem sets one item of an edge dictionary of the active version, the
// way the maintenance switch is flipped: dictionary items are not part of a
// version, so no version is created. It reads the item first and writes
// only when the value differs; it returns the previous value ("" when the
// item did not exist) and whether it wrote.
func SetItem(api API, serviceID, dictionary, key, value string) (old string, changed bool, err error) {
	id, old, found, err := readItem(api, serviceID, dictionary, key)
	if err != nil {
		return "", false, err
	}
	if found && old == value {
		return old, false, nil
	}
	if err := api.SetDictionaryItem(serviceID, id, key, value); err != nil {
		return old, false, fastlyapi.Describe(fmt.Sprintf("set item %s of dictionary %s", key, dictionary), err)
	}
	return old, true, nil
}

// noDictionary marks an error as ErrNoDictionary without changing its text.
type noDictionary struct{}

func (noDictionary) Error() string        { return "" }
func (noDictionary) Is(target error) bool { return target == ErrNoDictionary }
