#!/usr/bin/env bash
# Push mode: upload a verified release to the municipality's web server over SSH and switch to it.
#
#   scripts/deploy/push.sh push [DIST]     (make deploy-push; DIST defaults to dist/)
#   scripts/deploy/push.sh rollback [NAME] (make deploy-rollback: the release before, or NAME)
#   scripts/deploy/push.sh list            (make deploy-list)
#
# DIST holds portal-<NAME>.tar.gz and portal-site.sha256 (make release). Settings, from the
# workflow's environment (README, "Deploying to the municipality's server"):
#   DEPLOY_HOST         the server's name or address
#   DEPLOY_PORT         its SSH port (default 22)
#   DEPLOY_USER         the account that owns DEPLOY_PATH (no sudo needed)
#   DEPLOY_PATH         absolute folder holding releases/ and current (e.g. /srv/portal)
#   DEPLOY_KNOWN_HOSTS  the server's host key line(s), as in known_hosts: the only key accepted
#   DEPLOY_SSH_KEY      the private key (an environment secret); never written outside a 0700 folder
#   DEPLOY_KEEP         releases kept on the server (default 5)
#
# The archive's SHA-256 is checked first; the site is rsynced into DEPLOY_PATH/.incoming/NAME
# (files unchanged since the current release become hard links to it), then portal_release.py,
# copied to DEPLOY_PATH/bin/, moves it into releases/ and replaces the `current` link in one
# rename. Host keys are pinned: StrictHostKeyChecking=yes against DEPLOY_KNOWN_HOSTS only.
set -euo pipefail

action=${1:-push}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() { echo "push: $*" >&2; exit 2; }
for name in DEPLOY_HOST DEPLOY_USER DEPLOY_PATH DEPLOY_KNOWN_HOSTS DEPLOY_SSH_KEY; do
  [ -n "${!name:-}" ] || fail "$name is not set (see README: Deploying to the municipality's server)"
done
port=${DEPLOY_PORT:-22}
keep=${DEPLOY_KEEP:-5}
root=${DEPLOY_PATH%/}
[[ $root =~ ^/[A-Za-z0-9._/-]+$ ]] || fail "DEPLOY_PATH must be an absolute path of letters, digits, . _ - /"
[[ $port =~ ^[0-9]+$ && $keep =~ ^[0-9]+$ ]] || fail "DEPLOY_PORT and DEPLOY_KEEP must be numbers"
[[ $DEPLOY_USER =~ ^[a-z_][a-z0-9_.-]*$ ]] || fail "DEPLOY_USER is not a user name"
[[ $DEPLOY_HOST =~ ^[A-Za-z0-9.:-]+$ ]] || fail "DEPLOY_HOST is not a host name or address"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
(umask 077 && printf '%s\n' "$DEPLOY_SSH_KEY" > "$work/key" && printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$work/known_hosts")

ssh_options=(-F /dev/null -p "$port" -i "$work/key" -o IdentitiesOnly=yes -o BatchMode=yes
  -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$work/known_hosts" -o GlobalKnownHostsFile=/dev/null
  -o ConnectTimeout=20 -o ServerAliveInterval=15 -o ServerAliveCountMax=4)
rsh=$(printf '%q ' ssh "${ssh_options[@]}")
target="$DEPLOY_USER@$DEPLOY_HOST"

remote_tool="python3 $root/bin/portal_release.py --root $root --keep $keep"

case $action in
  rollback)
    name=${2:-}
    [[ -z $name || $name =~ ^[0-9]{8}T[0-9]{6}Z-[0-9a-z][0-9a-z.-]*$ ]] || fail "not a release name: $name"
    ssh "${ssh_options[@]}" "$target" "$remote_tool rollback $name && $remote_tool list"
    exit ;;
  list)
    ssh "${ssh_options[@]}" "$target" "$remote_tool list"
    exit ;;
  push) ;;
  *) fail "unknown action $action (push, rollback, list)" ;;
esac

dist=${2:-dist}
# shellcheck source=checked_archive.sh
. "$(dirname "${BASH_SOURCE[0]}")/checked_archive.sh"
checked_archive "$dist" "refused, nothing was sent"

mkdir "$work/site"
tar -xzf "$dist/$archive_name" -C "$work/site"

echo "push: release $release to $target:$root (port $port)"
# Folders, and whether a current release exists to hard-link unchanged files against.
has_current=$(ssh "${ssh_options[@]}" "$target" \
  "mkdir -p $root/releases $root/.incoming $root/bin && if [ -d $root/current/ ]; then echo yes; fi")
rsync -rc --chmod=D0755,F0755 -e "$rsh" "$here/portal_release.py" "$here/smoke.py" "$target:$root/bin/"
link_dest=()
[ "$has_current" = yes ] && link_dest=(--link-dest="$root/current/")
# No -t: a file keeps the time it was first uploaded, so the web server's ETag and Last-Modified
# change exactly when the file does. -c compares contents, so unchanged files become hard links.
rsync -rc --delete --chmod=D0755,F0644 "${link_dest[@]}" -e "$rsh" "$work/site/" "$target:$root/.incoming/$release/"
ssh "${ssh_options[@]}" "$target" "$remote_tool adopt $release"
ssh "${ssh_options[@]}" "$target" "$remote_tool list"
