#!/usr/bin/env bash
# Pull mode, GitHub's side: publish dist/'s archive and manifest as the release "site-<NAME>",
# marked latest, so that the server's timer finds them at
#   https://github.com/OWNER/REPO/releases/latest/download/portal-site.sha256
#
#   scripts/deploy/github_release.sh [DIST]      (make publish-release)
#
# Needs the GitHub CLI (on GitHub's runners), GH_TOKEN with contents: write, GITHUB_REPOSITORY
# and GITHUB_SHA (set by Actions). Releases beyond the newest PORTAL_GITHUB_RELEASES_KEEP (default
# 20) of this kind are deleted with their tags; the server keeps its own last N.
set -euo pipefail

dist=${1:-dist}
fail() { echo "publish-release: $*" >&2; exit 2; }
for name in GH_TOKEN GITHUB_REPOSITORY GITHUB_SHA; do
  [ -n "${!name:-}" ] || fail "$name is not set (this runs in the publish workflow)"
done
keep=${PORTAL_GITHUB_RELEASES_KEEP:-20}
[[ $keep =~ ^[0-9]+$ ]] || fail "PORTAL_GITHUB_RELEASES_KEEP must be a number"

# shellcheck source=checked_archive.sh
. "$(dirname "${BASH_SOURCE[0]}")/checked_archive.sh"
checked_archive "$dist" "not published"

gh release create "site-$release" "$dist/$archive_name" "$manifest" \
  --repo "$GITHUB_REPOSITORY" --target "$GITHUB_SHA" --latest \
  --title "Site $release" \
  --notes "The built site of commit $GITHUB_SHA, for the municipality's server to pull (README: pull mode). Verify with: sha256sum -c portal-site.sha256"
echo "published site-$release"

# Older site releases beyond the newest $keep: deleted with their tags (the list is newest first).
gh release list --repo "$GITHUB_REPOSITORY" --limit 200 --json tagName --jq '.[].tagName' \
  | grep -E '^site-[0-9]{8}T[0-9]{6}Z-' | tail -n "+$((keep + 1))" \
  | while read -r tag; do gh release delete "$tag" --repo "$GITHUB_REPOSITORY" --cleanup-tag --yes; done
