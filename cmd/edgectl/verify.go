package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/webplatform/edgectl/edgeverify"
	"github.com/webplatform/edgectl/session"
)

// verifyOptions bound publish --verify; tests make its waits instant.
var verifyOptions edgeverify.Options

// verifyCheck refuses --verify with --fastly-staging before anything is
// read or written: public DNS leads to Fastly's production network, so the
// URL could never show the staged version.
func verifyCheck(url *string, req *session.PublishRequest) func() error {
	return func() error {
		if *url != "" && req.Stage {
			return errors.New("--verify cannot check Fastly's staging network, which public DNS does not lead to: drop one of --verify and --fastly-staging")
		}
		return nil
	}
}

// verifyPublished waits until url is served by the version publish
// activated, or by the active one when there was nothing to publish
// (package edgeverify); "" and a dry run verify nothing. A failure says
// the version is active all the same.
func verifyPublished(s *session.Session, url string, r *session.PublishReport) error {
	if url == "" || r.DryRun {
		return nil
	}
	version := r.Base
	if r.Published {
		version = r.Version
	}
	opts := verifyOptions
	opts.Progress = s.Progress
	if err := edgeverify.Wait(context.Background(), url, r.ServiceID, version, opts); err != nil {
		return fmt.Errorf("version %d of %s is active, but %v", version, session.Where(r.Service, r.Level), err)
	}
	s.Progress(fmt.Sprintf("verified: the edge serves version %d at %s", version, url))
	return nil
}
