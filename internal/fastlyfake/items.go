package fastlyfake

import (
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Edge dictionary limits (Fastly's defaults).
const (
	maxItemKey   = 256
	maxItemValue = 8000
	maxItems     = 1000
)

// dictionary resolves {dictionary_id} to a dictionary of the service, in
// any version: items belong to the dictionary, not to a version, and can be
// changed without a new version (the maintenance switch relies on it).
// call.run resolves it into c.dictID before an item endpoint runs.
func (c *call) dictionary() (string, *apiError) {
	id := c.path("dictionary_id")
	if c.svc.dictionaryByID(id) == nil {
		return "", notFound("Dictionary", fmt.Sprintf("id => %s, service_id => %s", id, c.svc.ID))
	}
	return id, nil
}

func itemJSON(svcID, dictID string, it *item) map[string]any {
	return map[string]any{
		"created_at":    it.CreatedAt,
		"deleted_at":    nil,
		"dictionary_id": dictID,
		"item_key":      it.Key,
		"item_value":    it.Value,
		"service_id":    svcID,
		"updated_at":    it.UpdatedAt,
	}
}

func itemNotFound(c *call, dictID, key string) *apiError {
	return notFound("DictionaryItem", fmt.Sprintf("dictionary_id => %s, item_key => %s, service_id => %s", dictID, key, c.svc.ID))
}

func checkItem(key, value string) *apiError {
	switch {
	case key == "":
		return badRequest("Item key can't be blank")
	case utf8.RuneCountInString(key) > maxItemKey:
		return badRequest("Item key is longer than %d characters", maxItemKey)
	case utf8.RuneCountInString(value) > maxItemValue:
		return badRequest("Item value is longer than %d characters", maxItemValue)
	}
	return nil
}

// listItems lists a dictionary's items, sorted by key (ascending unless
// direction=descend), a page at a time.
func listItems(c *call) (any, *apiError) {
	id := c.dictID
	items := slices.Clone(c.st.items(c.svc.ID, id))
	if c.form.Get("direction") == "descend" {
		slices.Reverse(items)
	}
	out := []any{}
	for _, it := range paginate(c, items) {
		out = append(out, itemJSON(c.svc.ID, id, it))
	}
	return out, nil
}

func findItem(items []*item, key string) int {
	return slices.IndexFunc(items, func(it *item) bool { return it.Key == key })
}

func getItem(c *call) (any, *apiError) {
	id := c.dictID
	items := c.st.items(c.svc.ID, id)
	i := findItem(items, c.path("item_key"))
	if i < 0 {
		return nil, itemNotFound(c, id, c.path("item_key"))
	}
	return itemJSON(c.svc.ID, id, items[i]), nil
}

// put sets an item; create and update say whether it may be new or exist.
func (c *call) putItem(id, key, value string, create, update bool) (*item, *apiError) {
	if aerr := checkItem(key, value); aerr != nil {
		return nil, aerr
	}
	items := slices.Clone(c.st.items(c.svc.ID, id))
	i := findItem(items, key)
	switch {
	case i >= 0 && !update:
		return nil, duplicate("dictionary_item", key)
	case i < 0 && !create:
		return nil, itemNotFound(c, id, key)
	case i < 0 && len(items) >= maxItems:
		return nil, badRequest("The dictionary holds %d items, its limit", maxItems)
	case i >= 0:
		it := *items[i]
		it.Value, it.UpdatedAt = value, c.now
		items[i] = &it
		c.st.setItems(c.svc.ID, id, items)
		return &it, nil
	}
	it := &item{Key: key, Value: value, CreatedAt: c.now, UpdatedAt: c.now}
	c.st.setItems(c.svc.ID, id, append(items, it))
	return it, nil
}

// createItem is POST .../item: the item must be new.
func createItem(c *call) (any, *apiError) {
	return c.putItemJSON(c.dictID, c.form.Get("item_key"), true, false)
}

// upsertItem is PUT .../item/{key}: create or replace. Fastly answers it
// with four fields only (dictionary_items/update).
func upsertItem(c *call) (any, *apiError) {
	id := c.dictID
	it, aerr := c.putItem(id, c.path("item_key"), c.form.Get("item_value"), true, true)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"dictionary_id": id, "service_id": c.svc.ID, "item_key": it.Key, "item_value": it.Value}, nil
}

// updateItem is PATCH .../item/{key}: the item must exist.
func updateItem(c *call) (any, *apiError) {
	return c.putItemJSON(c.dictID, c.path("item_key"), false, true)
}

// putItemJSON sets the item key of dictionary id to the form's item_value,
// as putItem does, and answers the whole item.
func (c *call) putItemJSON(id, key string, create, update bool) (any, *apiError) {
	it, aerr := c.putItem(id, key, c.form.Get("item_value"), create, update)
	if aerr != nil {
		return nil, aerr
	}
	return itemJSON(c.svc.ID, id, it), nil
}

func deleteItem(c *call) (any, *apiError) {
	if aerr := c.removeItem(c.dictID, c.path("item_key")); aerr != nil {
		return nil, aerr
	}
	return statusOK, nil
}

// removeItem deletes the item key of dictionary id.
func (c *call) removeItem(id, key string) *apiError {
	items := slices.Clone(c.st.items(c.svc.ID, id))
	i := findItem(items, key)
	if i < 0 {
		return itemNotFound(c, id, key)
	}
	c.st.setItems(c.svc.ID, id, slices.Delete(items, i, i+1))
	return nil
}

// batchItems applies {"items": [{"op", "item_key", "item_value"}]} (PATCH
// .../items) all or nothing: ops create, update, upsert and delete.
func batchItems(c *call) (any, *apiError) {
	id := c.dictID
	var body struct {
		Items []struct {
			Op    string `json:"op"`
			Key   string `json:"item_key"`
			Value string `json:"item_value"`
		} `json:"items"`
	}
	if err := json.Unmarshal(c.body, &body); err != nil {
		return nil, badRequest("invalid JSON body: %v", err)
	}
	if len(body.Items) > maxItems {
		return nil, badRequest("A batch holds at most %d operations", maxItems)
	}
	// Work on a copy; the state changes only when every op succeeded.
	saved := slices.Clone(c.st.items(c.svc.ID, id))
	for _, op := range body.Items {
		var aerr *apiError
		switch op.Op {
		case "create":
			_, aerr = c.putItem(id, op.Key, op.Value, true, false)
		case "update":
			_, aerr = c.putItem(id, op.Key, op.Value, false, true)
		case "upsert":
			_, aerr = c.putItem(id, op.Key, op.Value, true, true)
		case "delete":
			aerr = c.removeItem(id, op.Key)
		default:
			aerr = badRequest("Invalid op '%s': use create, update, upsert or delete", op.Op)
		}
		if aerr != nil {
			c.st.setItems(c.svc.ID, id, saved)
			return nil, aerr
		}
	}
	return statusOK, nil
}
