#!/usr/bin/env bash
# Installs the system packages the tests run against (docker engines, MariaDB, an image registry, htpasswd,
# a static busybox for test images, Chromium with CJK fonts for browser tests, Redis and nginx for the multi-instance tests,
# tzdata for the engines and log files in other time zones). Debian/Ubuntu; safe to re-run.
set -euo pipefail

packages=(docker.io mariadb-server docker-registry apache2-utils busybox-static chromium fonts-noto-cjk redis-server nginx-light tzdata)

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-prereqs: all packages present"
    exit 0
fi

# Without systemd, post-install scripts that start services (docker, mariadb) fail; the tests start their own
# servers, so a temporary policy-rc.d tells invoke-rc.d not to start anything.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
