package main

import "github.com/webplatform/edgectl/compiler"

// The help of the sync commands (diff, publish, rollback, maintenance,
// import): what each does, in the words of the README, and examples.
const (
	// diffLong is the help of edgectl diff.
	diffLong = `diff compiles the services (all of them when none is named) for one level and
compares each with the active version of its Fastly service, read with one
request per service, all services at once. It writes nothing.

VCL files are shown as unified diffs; service objects as one line per changed
field ("backend app1: first_byte_timeout 15000 → 34000"); objects on Fastly
that the source lacks as drift to be removed; the private include as
"changed (content hidden)". Comments on objects are not compared. Durations
read as durations (34s, 1d), VCL hunks name their subroutine, and the output
ends with a summary per service (N to add, M to change, K to destroy).
Colour is used on a terminal unless NO_COLOR is set (--color always|never
decides instead). --output json prints the same changes for tools.

The token comes from --token-file, $FASTLY_API_TOKEN or $FASTLY_API_KEY, and
never appears in any output; --api-url or $FASTLY_API_URL point at another API
(edgectl sandbox, for instance).

Exit status: 0 when nothing differs, 2 when something does, 1 on error.`

	// publishLong is the help of edgectl publish.
	publishLong = `publish compiles the service for one level, shows the diff against the active
version on Fastly, asks for confirmation on a terminal (elsewhere it refuses
without --yes), and then:

  - clones the active version into a draft, or reuses the draft a failed
    earlier publish left (the newest unlocked version above the active one,
    when its comment starts with "edgectl" or it is an untouched clone of
    the active version), so failed publishes never pile up drafts;
  - changes only what differs: one API write per changed object, none for
    unchanged ones; VCL uploaded and the main one marked main;
  - sets the version comment (the source and the git commit);
  - validates the draft and shows Fastly's messages;
  - reads the draft back: it must hold exactly the desired state, and the
    active version must still be the one the diff was computed against
    (otherwise another publish won the race: this one aborts; --force
    publishes anyway);
  - activates it (--fastly-staging: on Fastly's staging network only) and reads the
    active version back: a publish that raced this one is reported.

With no differences nothing is written and no version is made. A failure at
any step activates nothing and names the draft version; running publish
again continues from that draft. Before writing, publish checks that
Fastly's rate limit leaves enough writes; on a 429 it waits for the reset
(up to two minutes, saying so) or stops. --dry-run shows the diff and the
API writes it would make, and writes nothing.

The private include's content is read from --private-dir or
$EDGECTL_PRIVATE_DIR (file <service>.vcl) and never printed; without it, an
include already on Fastly is left as it is.

Exit status: 0 when published, when there was nothing to publish, and after
a dry run; 1 on error, refusal or abort (nothing activated).`

	// rollbackLong is the help of edgectl rollback.
	rollbackLong = `rollback activates the version that was active before the current one (the
newest locked version below it), or the version given with --to. It first
shows what that changes, comparing the two versions as diff does, and asks
for confirmation on a terminal (elsewhere it refuses without --yes). It makes
one write, the activation, and no new version. If another version became
active since the changes were shown, it aborts (--force overrides).

A version that was never active (not locked: a draft, such as one a failed
publish left half-written) is refused; --force activates it, but only once
Fastly validates it. When the activation's answer is lost, rollback reads
the service back and says what it found; if that read fails too, it says
the state is unknown: run edgectl diff to see which version is active.

Exit status: 0 when rolled back, 1 on error, refusal or abort.`

	// maintenanceLong is the help of edgectl maintenance.
	maintenanceLong = `maintenance sets the item "maintenance" of the edge dictionary ` + compiler.SettingsTable + `
of the service's active version to on or off, or shows it (status). With it
on, all traffic of the service gets the maintenance page. Dictionary items are
not versioned: no version is made, and the change reaches Fastly's edge within
seconds. Only services with a maintenance section have the switch; publish the
service once to create the dictionary.

on and off show what they would change and ask on a terminal (elsewhere they
refuse without --yes); nothing is written when the switch is already in the
requested position, or with --dry-run.

Exit status: 0 when the switch is (or, with --dry-run, would be) in the
requested position and for status, 1 on error or refusal.`

	// maintenanceStatusLong is the help of edgectl maintenance status.
	maintenanceStatusLong = `status reads the maintenance item of each service's active version (every
service with a maintenance section when none is named) and prints on, off or
unset (which the VCL treats as off). It writes nothing.

Exit status: 0 when every switch was read, 1 otherwise.`

	// importLong is the help of edgectl import.
	importLong = `import reads the active version of a Fastly service (set up in the web UI,
say) and writes services/NAME.yaml and vcl/NAME/ so that edgectl diff NAME
right after shows no changes: domains, backends and health checks, settings,
and the custom VCL as raw files (raw_vcl) used as they are. Whatever the
definition format cannot express (conditions, headers, gzip objects, ...) is
listed as a warning; the next diff shows each as a change.

--service-id is the service of --level (default production). A definition
needs a service ID for every level: give the others with --level-id
LEVEL=ID. A VCL named "private" is the private include: its content is
written only to --private-dir (or $EDGECTL_PRIVATE_DIR) as NAME.vcl, never
into the repository, and never printed. Existing files are not overwritten
without --force.

Exit status: 0 when written, 1 on error.`

	diffExample = `  edgectl diff                          # every service, production
  edgectl diff www --level staging
  edgectl diff --output json > changes.json
  FASTLY_API_URL=http://127.0.0.1:8080 edgectl diff docs`
	publishExample = `  edgectl publish www                       # production; asks on a terminal
  edgectl publish www --level staging --yes # in CI
  edgectl publish docs --dry-run            # show the writes, make none
  edgectl publish blog --fastly-staging --yes  # activate on Fastly's staging network`
	rollbackExample = `  edgectl rollback www                  # production, previous version
  edgectl rollback www --to 41 --yes
  edgectl rollback docs --level staging --yes`
	maintenanceExample = `  edgectl maintenance status
  edgectl maintenance on www
  edgectl maintenance off www --yes
  edgectl maintenance on talk --level staging --dry-run`
	maintenanceStatusExample = "  edgectl maintenance status\n  edgectl maintenance status www talk --level staging"
	importExample            = `  edgectl import --service-id SU1Z0isxPaozGVKXdv0eY --name legacy \
      --level-id staging=7i6HN3TK9wS159v2gPAZ8A --level-id workbench=xyz123
  edgectl diff legacy`
)
