package fastlyapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// The web UI's object kinds in the details response: snippets, headers,
// response objects, conditions, request and cache settings. Fastly sends
// nearly every field of them as a string ("priority": "100", "dynamic":
// "1") and unset ones as null (go-fastly v9.14.0's fixtures headers/list,
// vcl_snippets/list, conditions/list, request_settings/list). Their desired
// types name every field as the API does, so they are decoded field by
// field under those names with the loose scalar types of flex.go.

// webUIWire holds the objects of these kinds as the response has them.
type webUIWire struct {
	Snippets        []json.RawMessage `json:"snippets"`
	Headers         []json.RawMessage `json:"headers"`
	ResponseObjects []json.RawMessage `json:"response_objects"`
	Conditions      []json.RawMessage `json:"conditions"`
	RequestSettings []json.RawMessage `json:"request_settings"`
	CacheSettings   []json.RawMessage `json:"cache_settings"`
}

// decodeWebUI fills c with the web UI's objects of a version and r with the
// IDs of its dynamic snippets, whose content the version lacks.
func decodeWebUI(w *webUIWire, c *fastlyplan.Config, r *Remote) error {
	var err error
	if c.Snippets, err = decodeObjects[desired.Snippet]("snippets", w.Snippets); err != nil {
		return err
	}
	for i, raw := range w.Snippets {
		if c.Snippets[i].Dynamic {
			var id struct {
				ID flexString `json:"id"`
			}
			if err := json.Unmarshal(raw, &id); err != nil {
				return fmt.Errorf("snippets: %v", err)
			}
			r.DynamicSnippetIDs[c.Snippets[i].Name] = string(id.ID)
		}
	}
	if c.Headers, err = decodeObjects[desired.Header]("headers", w.Headers); err != nil {
		return err
	}
	if c.ResponseObjects, err = decodeObjects[desired.ResponseObject]("response_objects", w.ResponseObjects); err != nil {
		return err
	}
	if c.Conditions, err = decodeObjects[desired.Condition]("conditions", w.Conditions); err != nil {
		return err
	}
	if c.RequestSettings, err = decodeObjects[desired.RequestSetting]("request_settings", w.RequestSettings); err != nil {
		return err
	}
	c.CacheSettings, err = decodeObjects[desired.CacheSetting]("cache_settings", w.CacheSettings)
	return err
}

// decodeObjects decodes each object of a list into T, whose fields are
// strings, integers and booleans named by their json tags.
func decodeObjects[T any](kind string, list []json.RawMessage) ([]T, error) {
	var out []T
	for _, raw := range list {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("%s: %v", kind, err)
		}
		var obj T
		if err := decodeFields(reflect.ValueOf(&obj).Elem(), fields); err != nil {
			return nil, fmt.Errorf("%s: %v", kind, err)
		}
		out = append(out, obj)
	}
	return out, nil
}

// decodeFields sets each scalar field of struct v from the JSON field of
// its json name; a field the object lacks, or sends as null, stays zero.
func decodeFields(v reflect.Value, fields map[string]json.RawMessage) error {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		raw, ok := fields[name]
		if !ok || name == "" {
			continue
		}
		var err error
		switch f.Type.Kind() {
		case reflect.String:
			var s flexString
			err = s.UnmarshalJSON(raw)
			v.Field(i).SetString(string(s))
		case reflect.Int:
			var n flexInt
			err = n.UnmarshalJSON(raw)
			v.Field(i).SetInt(int64(n))
		case reflect.Bool:
			var b flexBool
			err = b.UnmarshalJSON(raw)
			v.Field(i).SetBool(bool(b))
		}
		if err != nil {
			return fmt.Errorf("field %s: %v", name, err)
		}
	}
	return nil
}
