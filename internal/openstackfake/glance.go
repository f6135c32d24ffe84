package openstackfake

import (
	"net/http"
)

// Glance: the image list.

func (c *Cloud) listImages(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	list := []any{}
	for i, n := range c.opts.Images {
		if name != "" && n != name {
			continue
		}
		list = append(list, map[string]any{"id": uuid(kindImage, i+1), "name": n, "status": "active", "visibility": "public",
			"container_format": "bare", "disk_format": "qcow2", "min_disk": 0, "min_ram": 0, "protected": false,
			"size": 259719168, "tags": []any{}, "created_at": "2014-10-01T00:00:00Z", "updated_at": "2014-10-01T00:00:00Z",
			"self": "/v2/images/" + uuid(kindImage, i+1), "schema": "/v2/schemas/image"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"images": list, "schema": "/v2/schemas/images", "first": "/v2/images"})
}
