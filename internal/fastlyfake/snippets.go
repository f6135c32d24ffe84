package fastlyfake

import "fmt"

// A dynamic snippet's content lives outside versions: it belongs to the
// snippet's ID, which a clone keeps, and changes with
// PUT /service/{id}/snippet/{snippet_id} and no new version, for every
// version at once; the version's snippet object answers its content as
// null (Fastly, "Using dynamic VCL Snippets",
// https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/vcl-snippets/using-dynamic-vcl-snippets;
// fixtures vcl_snippets/get_dynamic, update_dynamic).

// dynamicContent is the versionless content of a dynamic snippet.
type dynamicContent struct {
	Content   string `json:"content"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// setSnippetContent stores the content of dynamic snippet id.
func (st *state) setSnippetContent(svcID, id, content, now string) {
	if st.Snippets == nil {
		st.Snippets = map[string]map[string]*dynamicContent{}
	}
	if st.Snippets[svcID] == nil {
		st.Snippets[svcID] = map[string]*dynamicContent{}
	}
	d := st.Snippets[svcID][id]
	if d == nil {
		d = &dynamicContent{CreatedAt: now}
	} else {
		c := *d
		d = &c
	}
	d.Content, d.UpdatedAt = content, now
	st.Snippets[svcID][id] = d
}

// dynamicSnippet resolves {snippet_id} to a dynamic snippet of the service
// and its content.
func (c *call) dynamicSnippet() (string, *dynamicContent, *apiError) {
	id := c.path("snippet_id")
	rec := c.svc.objectByID(kindSnippet, id)
	d := c.st.Snippets[c.svc.ID][id]
	if rec == nil || !rec.flag("dynamic") || d == nil {
		// Unrecorded wording, after the other kinds'.
		return "", nil, notFound("Snippet", fmt.Sprintf("id => %s, service_id => %s", id, c.svc.ID))
	}
	return id, d, nil
}

func dynamicSnippetJSON(svcID, id string, d *dynamicContent) map[string]any {
	return map[string]any{
		"content":    d.Content,
		"created_at": d.CreatedAt,
		"service_id": svcID,
		"snippet_id": id,
		"updated_at": d.UpdatedAt,
	}
}

func getDynamicSnippet(c *call) (any, *apiError) {
	id, d, aerr := c.dynamicSnippet()
	if aerr != nil {
		return nil, aerr
	}
	return dynamicSnippetJSON(c.svc.ID, id, d), nil
}

func updateDynamicSnippet(c *call) (any, *apiError) {
	id, _, aerr := c.dynamicSnippet()
	if aerr != nil {
		return nil, aerr
	}
	c.st.setSnippetContent(c.svc.ID, id, c.form.Get("content"), c.now)
	return dynamicSnippetJSON(c.svc.ID, id, c.st.Snippets[c.svc.ID][id]), nil
}
