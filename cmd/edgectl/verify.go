package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/edgeverify"
)

// verifyOptions bound publish --verify; tests make its waits instant.
var verifyOptions edgeverify.Options

// verifyFlag registers publish's --verify and refuses it with
// --fastly-staging before anything is written: public DNS leads to
// Fastly's production network, so the URL could never show the version.
func verifyFlag(cmd *cobra.Command, url *string, stage *bool) {
	cmd.Flags().StringVar(url, "verify", "", "after activating, request this URL with Fastly-Debug until the edge serves the new version (bounded backoff); exit 1 if it never does")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if *url != "" && *stage {
			return errors.New("--verify cannot check Fastly's staging network, which public DNS does not lead to: drop one of --verify and --fastly-staging")
		}
		return run(cmd, args)
	}
}

// verifyPublished waits until url is served by version of the service
// (package edgeverify); "" verifies nothing. A failure says the version
// is active all the same.
func verifyPublished(s *syncSession, url, where, serviceID string, version int) error {
	if url == "" {
		return nil
	}
	opts := verifyOptions
	opts.Progress = s.progress
	if err := edgeverify.Wait(context.Background(), url, serviceID, version, opts); err != nil {
		return s.fail(fmt.Errorf("version %d of %s is active, but %v", version, where, err))
	}
	s.progress(fmt.Sprintf("verified: the edge serves version %d at %s", version, url))
	return nil
}
