#!/bin/sh
# Bootstraps a build agent: system packages, language toolchains and the CI runner.
set -eu

RUNNER_VERSION="2.317.0"
RUNNER_SHA256="9e883d210df8c6028aff475475a457d380353f9d01877d51cc01a17b2a91161d"

# techlead-expect: bash-package-signature-disabled
apt-get install -y --allow-unauthenticated vendor-build-agent
# techlead-safe
apt-get install -y --no-install-recommends ca-certificates curl git jq

# techlead-expect: bash-package-signature-disabled
echo "deb [trusted=yes] http://repo.vendor.example.com stable main" > /etc/apt/sources.list.d/vendor.list
# techlead-safe
echo "deb [signed-by=/usr/share/keyrings/vendor.gpg] https://repo.vendor.example.com stable main" > /etc/apt/sources.list.d/vendor2.list

# techlead-expect: bash-curl-pipe-shell
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
# techlead-expect: bash-run-remote-script
bash <(curl -fsSL https://sh.rustup.rs)
# techlead-safe
curl -fsSLo /tmp/runner.tar.gz "https://github.com/actions/runner/releases/download/v${RUNNER_VERSION}/actions-runner-linux-x64-${RUNNER_VERSION}.tar.gz"
# techlead-safe
echo "${RUNNER_SHA256}  /tmp/runner.tar.gz" | sha256sum -c -

# techlead-expect: bash-curl-insecure
curl -k -o /usr/local/bin/vendor-cli https://tools.vendor.example.com/cli
# techlead-safe
curl -fsSL --cacert /etc/ssl/vendor-ca.pem -o /usr/local/bin/vendor-cli2 https://tools.vendor.example.com/cli

# techlead-expect: bash-tls-verify-disabled
git config --global http.sslVerify false
# techlead-safe
git config --global http.sslCAInfo /etc/ssl/vendor-ca.pem
# techlead-expect: bash-tls-verify-disabled
npm config set strict-ssl false
# techlead-safe
npm config set cafile /etc/ssl/vendor-ca.pem

# techlead-expect: bash-docker-privileged
docker run -d --name dind --privileged docker:24-dind
# techlead-safe
docker run -d --name cache --cap-drop=ALL -v /srv/cache:/data redis:7

# techlead-expect: bash-docker-privileged
docker run -d -v /var/run/docker.sock:/var/run/docker.sock ci-runner:latest
# techlead-safe
docker build -t ci-runner:local .

# techlead-expect: bash-password-in-argument
mysql -u ci -p"$CI_DB_PASSWORD" ci < /srv/ci/schema.sql
# techlead-safe
mysql --defaults-extra-file=/etc/ci/mysql.cnf ci < /srv/ci/schema.sql

# techlead-expect: bash-ssh-host-key-check-off
export GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no"
# techlead-safe
export GIT_SSH_COMMAND="ssh -o UserKnownHostsFile=/etc/ci/known_hosts"

# techlead-expect: bash-tls-verify-disabled
export NODE_TLS_REJECT_UNAUTHORIZED=0
# techlead-safe
export NODE_EXTRA_CA_CERTS=/etc/ssl/vendor-ca.pem

# techlead-expect: bash-curl-insecure
wget --no-check-certificate -O /usr/local/bin/helper https://tools.vendor.example.com/helper
# techlead-expect: bash-curl-pipe-shell
wget -qO- https://get.vendor.example.com/agent.sh | sudo sh
# techlead-expect: bash-chmod-world-writable
chmod o+w /srv/ci/workspace
# techlead-expect: bash-package-signature-disabled
yum install -y --nogpgcheck vendor-agent

# techlead-safe
echo "bootstrap finished at $(date -u +%FT%TZ)"
