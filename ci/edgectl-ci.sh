#!/bin/sh
# edgectl's CI recipe for this configuration repository (docs/ci.md).
#
#   ci/edgectl-ci.sh plan [DIR]  on a pull request: edgectl lint, edgectl test
#                                (when this edgectl has it), and edgectl diff of
#                                every level rendered as DIR/plan.md (default
#                                DIR: edgectl-plan); keep DIR as the artefact.
#   ci/edgectl-ci.sh publish     on merge: publish every service, level by level
#                                (staging first), stopping at the first failure,
#                                so that production never gets what staging refused.
#
# Environment:
#   FASTLY_API_TOKEN     the Fastly API token (a masked CI secret); never printed
#   EDGECTL_PRIVATE_DIR  directory of the private includes, when a service has one
#   EDGECTL              the edgectl command (default: edgectl)
#   EDGECTL_ROOT         the repository (default: .)
#   EDGECTL_LEVELS       the levels, in publishing order (default: staging production)
#   EDGECTL_VERIFY       space-separated LEVEL:SERVICE=URL: after publishing SERVICE
#                        at LEVEL, wait until URL is served by the new version
#                        (edgectl publish --verify); e.g.
#                        "production:docs=https://docs.webplatform.org/wiki/Main_Page"
#
# Exit status: 0 on success (a plan with changes is a success); otherwise the
# status of the edgectl command that failed.
set -eu

edgectl=${EDGECTL:-edgectl}
root=${EDGECTL_ROOT:-.}
levels=${EDGECTL_LEVELS:-staging production}

# run prints and runs one edgectl command against the repository.
run() {
	cmd=$1
	shift
	echo "+ edgectl $cmd $*" >&2
	"$edgectl" "$cmd" --root "$root" "$@"
}

plan() {
	out=${1:-edgectl-plan}
	mkdir -p "$out"
	run lint
	if "$edgectl" test --help >/dev/null 2>&1; then
		run test --junit "$out/test-report.xml"
	else
		echo "edgectl-ci: this edgectl has no test command; skipped" >&2
	fi
	set --
	for level in $levels; do
		status=0
		run diff --level "$level" --output json >"$out/diff-$level.json" || status=$?
		# diff exits 2 when something differs: that is what a plan shows.
		if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
			echo "edgectl-ci: edgectl diff --level $level failed (exit $status)" >&2
			exit "$status"
		fi
		set -- "$@" "$out/diff-$level.json"
	done
	run diff-markdown "$@" >"$out/plan.md"
	echo "edgectl-ci: the plan is in $out/plan.md" >&2
}

# verify_url prints the URL EDGECTL_VERIFY gives for service $2 at level $1.
verify_url() {
	for entry in ${EDGECTL_VERIFY:-}; do
		case $entry in
		"$1:$2="*) echo "${entry#*=}" ;;
		esac
	done
}

publish() {
	for level in $levels; do
		for def in "$root"/services/*.yaml; do
			svc=$(basename "$def" .yaml)
			url=$(verify_url "$level" "$svc")
			if [ -n "$url" ]; then
				run publish "$svc" --level "$level" --yes --verify "$url"
			else
				run publish "$svc" --level "$level" --yes
			fi
		done
		echo "edgectl-ci: $level published" >&2
	done
}

case ${1:-} in
plan)
	shift
	plan "$@"
	;;
publish)
	publish
	;;
*)
	echo "usage: ci/edgectl-ci.sh plan [DIR] | ci/edgectl-ci.sh publish" >&2
	exit 64
	;;
esac
