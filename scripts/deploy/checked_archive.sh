# Sourced by push.sh and github_release.sh: the archive that `make release` wrote into DIST, checked
# against its SHA-256 manifest before anything leaves the runner.
#
#   checked_archive DIST WHAT_ON_FAILURE    sets manifest, archive_name and release (the NAME part)
# The caller defines fail().

checked_archive() {
  local dist=$1 refusal=$2
  manifest="$dist/portal-site.sha256"
  [ -f "$manifest" ] || fail "$manifest is missing: run make release first"
  read -r _ archive_name < "$manifest"
  archive_name=${archive_name#\*}
  [[ $archive_name =~ ^portal-([0-9]{8}T[0-9]{6}Z-[0-9a-z][0-9a-z.-]*)\.tar\.gz$ ]] \
    || fail "$manifest does not name a portal-<NAME>.tar.gz"
  release=${BASH_REMATCH[1]}
  (cd "$dist" && sha256sum --check --strict --quiet portal-site.sha256) \
    || fail "$archive_name does not match its SHA-256: $refusal"
}
