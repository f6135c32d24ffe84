package main

import "github.com/webplatform/edgectl/edgeverify"

// verifyOptions bound publish --verify (session.VerifyPublished); tests
// make its waits instant.
var verifyOptions edgeverify.Options
