package fastlyvcl

import "github.com/webplatform/edgectl/desired"

// The VCL policy names of Fastly's director declaration
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/,
// "Policy variants"). The declaration also knows fallback and chash, but
// the director object of the API has no type number for them (its type
// field documents 1 random, 3 hash and 4 client:
// https://www.fastly.com/documentation/reference/api/load-balancing/directors/director/),
// so no service object can generate them.
const (
	PolicyRandom = "random"
	PolicyHash   = "hash"
	PolicyClient = "client"
)

// Policy is one director type: its name in a VCL declaration (and in a
// definition) and its number in the Fastly API's director object.
type Policy struct {
	Name string
	API  int
}

// Policies is the one mapping between a director's VCL policy name and its
// API type number; the compiler, the definition's validation and the
// Fastly fake all read it.
var Policies = []Policy{
	{PolicyRandom, desired.DirectorRandom},
	{PolicyHash, desired.DirectorHash},
	{PolicyClient, desired.DirectorClient},
}

// PolicyAPI is the API type number of a policy name, and whether the name
// is one.
func PolicyAPI(name string) (int, bool) {
	for _, p := range Policies {
		if p.Name == name {
			return p.API, true
		}
	}
	return 0, false
}

// PolicyName is the VCL policy name of an API type number, and whether the
// number is one.
func PolicyName(api int) (string, bool) {
	for _, p := range Policies {
		if p.API == api {
			return p.Name, true
		}
	}
	return "", false
}
