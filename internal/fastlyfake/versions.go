package fastlyfake

func listVersions(c *call) (any, *apiError) {
	out := []any{}
	for _, v := range c.svc.Versions {
		out = append(out, versionJSON(c.svc.ID, v))
	}
	return out, nil
}

// createVersion adds an empty version numbered after the highest. Fastly
// answers with the service ID and number only, and the comment when one
// was given (versions/create, backends/version).
func createVersion(c *call) (any, *apiError) {
	v := newVersion(c.svc.nextNumber(), c.now)
	v.Comment = c.form.Get("comment")
	c.svc.Versions = append(c.svc.Versions, v)
	out := map[string]any{"service_id": c.svc.ID, "number": v.Number}
	if _, ok := c.form["comment"]; ok {
		out["comment"] = v.Comment
	}
	return out, nil
}

func getVersion(c *call) (any, *apiError) { return versionJSON(c.svc.ID, c.ver), nil }

// updateVersion sets the comment. It is allowed on locked versions: the
// comment is not configuration (Fastly's web UI edits comments of active
// versions).
func updateVersion(c *call) (any, *apiError) {
	if _, ok := c.form["comment"]; ok {
		c.ver.Comment = c.form.Get("comment")
		c.ver.UpdatedAt = c.now
	}
	return versionJSON(c.svc.ID, c.ver), nil
}

// cloneVersion copies every object of the version into a new, unlocked,
// inactive version numbered after the highest.
func cloneVersion(c *call) (any, *apiError) {
	v := c.ver.clone(c.svc.nextNumber(), c.now)
	c.svc.Versions = append(c.svc.Versions, v)
	return versionJSON(c.svc.ID, v), nil
}

// validateVersion answers Fastly's validation result: the version's objects
// and custom VCL compiled together (falco lint).
func validateVersion(c *call) (any, *apiError) {
	return validation(c.st, c.svc, c.ver).json(), nil
}

// activateVersion validates the version, then makes it the active one:
// the previously active version is deactivated and this one locked.
func activateVersion(c *call) (any, *apiError) {
	return activateOn(c, func(v *version) *bool { return &v.Active })
}

// activateVersionOn stages a version on Fastly's staging environment: it is
// validated and locked like an activation, but the active (production)
// version does not change.
func activateVersionOn(c *call) (any, *apiError) {
	if env := c.path("environment"); env != "staging" {
		return nil, badRequest("Unknown environment %q", env)
	}
	return activateOn(c, func(v *version) *bool { return &v.Staging })
}

// activateOn validates c's version and makes it the one version whose flag
// (active, or staging) is set, locking it.
func activateOn(c *call, flag func(*version) *bool) (any, *apiError) {
	if res := validation(c.st, c.svc, c.ver); res.failed() {
		// Fastly refuses to activate a version that does not compile; the
		// wording of its answer is unconfirmed.
		return nil, badRequest("Version %d failed validation: %s", c.ver.Number, res.Msg)
	}
	for _, v := range c.svc.Versions {
		if on := flag(v); *on && v != c.ver {
			*on = false
			v.UpdatedAt = c.now
		}
	}
	*flag(c.ver), c.ver.Locked = true, true
	c.ver.UpdatedAt = c.now
	return versionJSON(c.svc.ID, c.ver), nil
}

func deactivateVersion(c *call) (any, *apiError) {
	if !c.ver.Active {
		return nil, badRequest("Version %d is not active", c.ver.Number)
	}
	c.ver.Active = false
	c.ver.UpdatedAt = c.now
	return versionJSON(c.svc.ID, c.ver), nil
}

func lockVersion(c *call) (any, *apiError) {
	c.ver.Locked = true
	c.ver.UpdatedAt = c.now
	return versionJSON(c.svc.ID, c.ver), nil
}

func getSettings(c *call) (any, *apiError) { return settingsJSON(c.svc.ID, c.ver), nil }

func updateSettings(c *call) (any, *apiError) {
	next := c.ver.Settings.clone()
	if err := applyForm(next, settingsFields, c.form); err != nil {
		return nil, badRequest("%s", err)
	}
	c.ver.Settings = next
	return settingsJSON(c.svc.ID, c.ver), nil
}
