package session

import (
	"fmt"
	"os"
	"strings"

	"edgectl.invalid/fastlyenv"

	"github.com/webplatform/edgectl/endpoint"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/repofs"
)

// Environment variables of the sync commands.
const (
	TokenEnv      = "FASTLY_API_TOKEN"
	TokenEnvAlt   = "FASTLY_API_KEY" // go-fastly's own name
	APIURLEnv     = "FASTLY_API_URL"
	PrivateDirEnv = "EDGECTL_PRIVATE_DIR"
)

// maxTokenFile bounds --token-file: a Fastly token is 32 characters.
const maxTokenFile = 4 << 10

// Token returns the Fastly API token: the content of tokenFile when one is
// given, else $FASTLY_API_TOKEN, else $FASTLY_API_KEY.
func Token(tokenFile string) (string, error) {
	if tokenFile != "" {
		// Bounded and regular: a FIFO or /dev/zero must not hang or fill memory.
		b, err := repofs.ReadOutside(tokenFile, maxTokenFile)
		if err != nil {
			return "", fmt.Errorf("cannot read the token file: %v", err)
		}
		t := strings.TrimSpace(string(b))
		if t == "" {
			return "", fmt.Errorf("the token file %s is empty; put a Fastly API token in it", tokenFile)
		}
		return t, nil
	}
	for _, env := range []string{TokenEnv, TokenEnvAlt} {
		if t := strings.TrimSpace(os.Getenv(env)); t != "" {
			return t, nil
		}
	}
	return "", fmt.Errorf("no Fastly API token: set %s or pass --token-file FILE (a token from https://manage.fastly.com/account/personal/tokens)", TokenEnv)
}

// PrivateDir is the directory of the private includes: dir when given,
// else $EDGECTL_PRIVATE_DIR.
func PrivateDir(dir string) string {
	if dir != "" {
		return dir
	}
	return os.Getenv(PrivateDirEnv)
}

// Endpoint returns the Fastly API URL of flag (--api-url) or
// $FASTLY_API_URL ("" for Fastly's), checked up front so that a mistake is
// named with where it came from rather than failing deep inside go-fastly.
func Endpoint(flag string) (string, error) {
	raw, from := flag, "--api-url"
	if raw == "" {
		from = "$" + APIURLEnv
		var removed bool
		if raw, removed = fastlyenv.Removed(APIURLEnv); !removed {
			raw = os.Getenv(APIURLEnv)
		}
	}
	if raw == "" {
		return "", nil
	}
	if err := endpoint.Check(raw, false); err != nil {
		return "", fmt.Errorf("invalid Fastly API URL %q (%s): %v; give an http(s) URL such as %s, or http://127.0.0.1:8080 for edgectl sandbox", raw, from, err, fastlyapi.DefaultURL)
	}
	return raw, nil
}
