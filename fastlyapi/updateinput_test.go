package fastlyapi

import (
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

func TestUpdateInputCopiesAllButName(t *testing.T) {
	ttl, cond := 60, "is-api"
	up := &fastly.UpdateCacheSettingInput{Name: "old"}
	err := updateInput(up, &fastly.CreateCacheSettingInput{ServiceID: "SID", ServiceVersion: 3, Name: fastly.ToPointer("new"), TTL: &ttl, CacheCondition: &cond})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "old" || up.NewName != nil || up.ServiceID != "SID" || up.ServiceVersion != 3 || up.TTL == nil || *up.TTL != 60 || up.CacheCondition == nil || *up.CacheCondition != "is-api" || up.StaleTTL != nil {
		t.Errorf("got %+v", *up)
	}
}

// TestUpdateInputKinds checks, for each kind Apply writes with
// createOrUpdate, that
// go-fastly's update input has every field of the create input.
func TestUpdateInputKinds(t *testing.T) {
	for _, tt := range []struct{ update, create any }{
		{&fastly.UpdateDomainInput{}, &fastly.CreateDomainInput{}},
		{&fastly.UpdateHealthCheckInput{}, &fastly.CreateHealthCheckInput{}},
		{&fastly.UpdateBackendInput{}, &fastly.CreateBackendInput{}},
		{&fastly.UpdateDirectorInput{}, &fastly.CreateDirectorInput{}},
		{&fastly.UpdateConditionInput{}, &fastly.CreateConditionInput{}},
		{&fastly.UpdateHeaderInput{}, &fastly.CreateHeaderInput{}},
		{&fastly.UpdateResponseObjectInput{}, &fastly.CreateResponseObjectInput{}},
		{&fastly.UpdateRequestSettingInput{}, &fastly.CreateRequestSettingInput{}},
		{&fastly.UpdateCacheSettingInput{}, &fastly.CreateCacheSettingInput{}},
	} {
		if err := updateInput(tt.update, tt.create); err != nil {
			t.Error(err)
		}
	}
}

func TestUpdateInputRefusesAMissingField(t *testing.T) {
	// A snippet's update input has no Dynamic: dynamic is fixed at creation.
	err := updateInput(&fastly.UpdateSnippetInput{}, &fastly.CreateSnippetInput{})
	if err == nil || !strings.Contains(err.Error(), "no field Dynamic") {
		t.Fatalf("error %v, want one naming the missing field Dynamic", err)
	}
}
