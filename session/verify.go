package session

import (
	"context"
	"errors"
	"fmt"

	"github.com/webplatform/edgectl/edgeverify"
)

// CheckVerify refuses publish --verify with --fastly-staging before
// anything is read or written: public DNS leads to Fastly's production
// network, so the URL could never show the staged version.
func (r *PublishRequest) CheckVerify(url string) error {
	if url != "" && r.Stage {
		return errors.New("--verify cannot check Fastly's staging network, which public DNS does not lead to: drop one of --verify and --fastly-staging")
	}
	return nil
}

// VerifyPublished waits until url is served by the version publish
// activated, or by the active one when there was nothing to publish
// (package edgeverify, bounded by opts); "" and a dry run verify nothing.
// A failure says the version is active all the same.
func (s *Session) VerifyPublished(url string, r *PublishReport, opts edgeverify.Options) error {
	if url == "" || r.DryRun {
		return nil
	}
	version := r.Base
	if r.Published {
		version = r.Version
	}
	opts.Progress = s.Progress
	if err := edgeverify.Wait(context.Background(), url, r.ServiceID, version, opts); err != nil {
		return fmt.Errorf("version %d of %s is active, but %v", version, Where(r.Service, r.Level), err)
	}
	s.Progress(fmt.Sprintf("verified: the edge serves version %d at %s", version, url))
	return nil
}
