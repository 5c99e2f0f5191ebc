#!/usr/bin/env bash
# Deploys a release of the shop to the app servers and cleans old builds.
# Usage: deploy.sh <version> [host...]

VERSION="$1"
shift
HOSTS=("$@")
BUILD_DIR="${BUILD_DIR:-/srv/build}"
RELEASES=/srv/releases

log() {
  printf '%s %s\n' "$(date -u +%FT%TZ)" "$*" >&2
}

clean_build() {
  # techlead-expect: bash-rm-rf-variable
  rm -rf "$BUILD_DIR/"*
  # techlead-safe
  rm -rf -- "${BUILD_DIR:?}/"*
  # techlead-safe
  rm -f "$BUILD_DIR/.lock"
}

clean_cache() {
  cd $BUILD_DIR/cache
  # techlead-expect: bash-cd-unchecked-rm
  rm -rf *
}

package() {
  cd "$BUILD_DIR" || exit 1
  # techlead-safe
  tar czf "$RELEASES/shop-$VERSION.tar.gz" .
}

ship() {
  local host="$1"
  # techlead-expect: bash-ssh-host-key-check-off
  scp -o StrictHostKeyChecking=no "$RELEASES/shop-$VERSION.tar.gz" "deploy@$host:/srv/releases/"
  # techlead-safe
  ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile=deploy/known_hosts "deploy@$host" "systemctl restart shop@$VERSION"
}

run_hook() {
  local hook="$1"
  # techlead-expect: bash-eval-variable
  eval "$hook $VERSION"
  # techlead-safe
  "$hook" "$VERSION"
}

notify() {
  # techlead-expect: bash-password-in-argument
  curl -fsS -u deploy:Sh1pIt2024 -X POST "https://ci.example.com/api/deployments?version=$VERSION"
  # techlead-safe
  curl -fsS --netrc-file "$HOME/.netrc-ci" -X POST "https://ci.example.com/api/deployments?version=$VERSION"
}

write_state() {
  # techlead-expect: bash-tmp-file-predictable
  echo "$VERSION" > /tmp/shop-deploy.state
  local state
  state=$(mktemp)
  # techlead-safe
  echo "$VERSION" > "$state"
  # techlead-safe
  mv "$state" "$RELEASES/current.state"
}

fix_permissions() {
  # techlead-expect: bash-chmod-world-writable
  chmod 777 "$RELEASES/shared"
  # techlead-safe
  chmod 750 "$RELEASES/shared"
}

log "deploying $VERSION to ${HOSTS[*]}"
clean_build
clean_cache
package
for host in "${HOSTS[@]}"; do
  ship "$host"
done
run_hook "${DEPLOY_HOOK:-/usr/local/bin/post-deploy}"
write_state
fix_permissions
notify
