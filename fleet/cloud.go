package fleet

import (
	"context"
	"errors"
)

// Server is a server of the level's OpenStack project, as the cloud reports
// it.
type Server struct {
	ID     string
	Name   string
	Status string
	// Fault is the message of a server in ERROR.
	Fault string
	// Flavor is the flavor's name, when the cloud says it.
	Flavor    string
	PrivateIP string
	PublicIP  string
	// Level is the server's edgectl-level metadata: the level apply created
	// it for; empty for servers booted by hand.
	Level string
}

// Server statuses that Plan and Apply act on (Nova's names).
const (
	StatusActive  = "ACTIVE"
	StatusBuild   = "BUILD"
	StatusError   = "ERROR"
	StatusDeleted = "DELETED"
)

// LevelMetadata is the server metadata key apply sets to the level.
const LevelMetadata = "edgectl-level"

// Spec is a server to create.
type Spec struct {
	Name, Flavor, Image, KeyPair string
	SecurityGroups               []string
	UserData                     []byte
	Metadata                     map[string]string
}

// Refs are the cloud objects a plan's creations name.
type Refs struct {
	Flavors, Images []string
}

// ErrNotFound is what Cloud.Server returns for a server that is gone.
var ErrNotFound = errors.New("server not found")

// Cloud is the OpenStack project of one level, as Plan and Apply need it.
// Methods may be called concurrently.
type Cloud interface {
	// Servers lists every server of the project, with its addresses.
	Servers(ctx context.Context) ([]Server, error)
	// Server returns one server, or ErrNotFound.
	Server(ctx context.Context, id string) (Server, error)
	// Resolve checks that the flavors, images and networks exist, so that
	// apply stops before creating anything when one does not.
	Resolve(ctx context.Context, refs Refs) error
	// Create boots a server and returns its ID without waiting.
	Create(ctx context.Context, spec Spec) (string, error)
	// Delete deletes a server without waiting.
	Delete(ctx context.Context, id string) error
	// AttachFloatingIP gives an ACTIVE server a floating IP, reusing the
	// one it already has, and returns the address.
	AttachFloatingIP(ctx context.Context, s Server) (string, error)
}
