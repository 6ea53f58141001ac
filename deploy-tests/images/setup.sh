#!/usr/bin/env bash
# Prepares a Debian machine without a Docker engine to build and run dataproxy's images with Podman:
#   1. installs podman, runc and debootstrap from Debian's packages (as root; skipped when present);
#   2. makes two local base images from Debian's own packages, since no image registry may be reachable:
#        localhost/dataproxy/debian-minbase:bookworm   debootstrap --variant=minbase (the runtime base)
#        localhost/dataproxy/jdk:17                    that + openjdk-17-jdk-headless and binutils (the build and
#                                                      jlink stages: Debian's jlink strips native symbols with objcopy)
# Idempotent: what is already there is kept. The Dockerfiles take these as build arguments
# (JDK_IMAGE, RUNTIME_IMAGE); on a laptop with Docker they default to the public images instead.
#
# Podman's engine settings come from containers.conf beside this script (export CONTAINERS_CONF=...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="$here/containers.conf"

MINBASE=localhost/dataproxy/debian-minbase:bookworm
JDK=localhost/dataproxy/jdk:17

say() { echo "images setup: $*" >&2; }

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  [[ "$(id -u)" == 0 ]] || { say "needs root to install ${missing[*]} (apt-get)"; exit 1; }
  say "installing podman runc debootstrap from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
fi

# The machine's own Debian mirror (a deb822 sources file), else Debian's CDN.
mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n 1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

if ! podman image exists "$MINBASE"; then
  [[ "$(id -u)" == 0 ]] || { say "needs root to run debootstrap"; exit 1; }
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  say "debootstrap bookworm (minbase) from $(mirror): about a minute"
  debootstrap --variant=minbase bookworm "$rootfs" "$(mirror)" >/dev/null
  # what a runtime never reads (package caches and lists, docs, man pages, translations), as Debian's slim images do
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
         "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | podman import - "$MINBASE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

if ! podman image exists "$JDK"; then
  say "building $JDK from Debian's openjdk-17-jdk-headless"
  context="$(mktemp -d)"
  trap 'rm -rf "$context"' EXIT
  # The machine's own added CAs (a TLS-intercepting proxy's, say): the build stage downloads from Maven Central.
  mkdir -p "$context/local-ca"
  cp /usr/local/share/ca-certificates/*.crt "$context/local-ca/" 2>/dev/null || true
  podman build --network host -t "$JDK" -f - "$context" >/dev/null <<CONTAINERFILE
FROM $MINBASE
COPY local-ca/ /usr/local/share/ca-certificates/
RUN apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless binutils ca-certificates curl \\
 && update-ca-certificates >/dev/null \\
 && rm -rf /var/lib/apt/lists/*
CONTAINERFILE
  rm -rf "$context"
  trap - EXIT
fi
say "ready: JDK_IMAGE=$JDK RUNTIME_IMAGE=$MINBASE (CONTAINERS_CONF=$CONTAINERS_CONF)"
