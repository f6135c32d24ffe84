package fastlyfake

import (
	"fmt"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestMaintenanceSwitch flips a dictionary item of the active, locked
// version without a new version, as edgectl maintenance does, and checks
// that items belong to the dictionary across clones.
func TestMaintenanceSwitch(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	dict, err := c.GetDictionary(&fastly.GetDictionaryInput{ServiceID: sid, ServiceVersion: 1, Name: "edgectl_settings"})
	if err != nil {
		t.Fatal(err)
	}
	id := *dict.DictionaryID

	it, err := c.UpdateDictionaryItem(&fastly.UpdateDictionaryItemInput{ServiceID: sid, DictionaryID: id, ItemKey: "maintenance", ItemValue: "on"})
	if err != nil {
		t.Fatalf("item change on a locked version: %v", err)
	}
	if *it.ItemValue != "on" {
		t.Errorf("answered value %q", *it.ItemValue)
	}
	if vs, _ := c.ListVersions(&fastly.ListVersionsInput{ServiceID: sid}); len(vs) != 1 {
		t.Errorf("%d versions: the switch made a version", len(vs))
	}

	// A clone keeps the dictionary ID, hence its items.
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	d2, err := c.GetDictionary(&fastly.GetDictionaryInput{ServiceID: sid, ServiceVersion: 2, Name: "edgectl_settings"})
	if err != nil || *d2.DictionaryID != id {
		t.Fatalf("clone's dictionary %v, %v; want ID %s", d2, err, id)
	}
	got, err := c.GetDictionaryItem(&fastly.GetDictionaryItemInput{ServiceID: sid, DictionaryID: id, ItemKey: "maintenance"})
	if err != nil || *got.ItemValue != "on" {
		t.Errorf("item after clone: %v %v", got, err)
	}

	// Batch: 150 items, listed in pages of 100 by go-fastly's paginator.
	var ops []*fastly.BatchDictionaryItem
	for i := 0; i < 150; i++ {
		ops = append(ops, &fastly.BatchDictionaryItem{Operation: fastly.ToPointer(fastly.UpsertBatchOperation), ItemKey: fastly.ToPointer(fmt.Sprintf("k%03d", i)), ItemValue: fastly.ToPointer("v")})
	}
	if err := c.BatchModifyDictionaryItems(&fastly.BatchModifyDictionaryItemsInput{ServiceID: sid, DictionaryID: id, Items: ops}); err != nil {
		t.Fatal(err)
	}
	s.ResetRequests()
	items, err := c.ListDictionaryItems(&fastly.ListDictionaryItemsInput{ServiceID: sid, DictionaryID: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 151 || *items[0].ItemKey != "k000" || *items[150].ItemKey != "maintenance" {
		t.Errorf("%d items, first %s", len(items), *items[0].ItemKey)
	}
	if n := s.Count("GET", RouteItems); n != 2 {
		t.Errorf("%d list requests, want 2 pages", n)
	}

	if err := c.DeleteDictionaryItem(&fastly.DeleteDictionaryItemInput{ServiceID: sid, DictionaryID: id, ItemKey: "maintenance"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetDictionaryItem(&fastly.GetDictionaryItemInput{ServiceID: sid, DictionaryID: id, ItemKey: "maintenance"}); httpError(t, err).StatusCode != 404 {
		t.Errorf("deleted item: %v", err)
	}
}

// TestItemLimits checks Fastly's dictionary limits.
func TestItemLimits(t *testing.T) {
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'x'
		}
		return string(b)
	}
	tests := []struct {
		key, value string
		status     int
	}{
		{long(256), "v", 200},
		{long(257), "v", 400},
		{"k", long(8000), 200},
		{"k", long(8001), 400},
	}
	_, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	dict, err := c.GetDictionary(&fastly.GetDictionaryInput{ServiceID: testSeed.ID, ServiceVersion: 1, Name: "edgectl_settings"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		_, err := c.UpdateDictionaryItem(&fastly.UpdateDictionaryItemInput{ServiceID: testSeed.ID, DictionaryID: *dict.DictionaryID, ItemKey: tt.key, ItemValue: tt.value})
		status := 200
		if err != nil {
			status = httpError(t, err).StatusCode
		}
		if status != tt.status {
			t.Errorf("key of %d, value of %d: %d, want %d", len(tt.key), len(tt.value), status, tt.status)
		}
	}
}
