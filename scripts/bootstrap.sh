#!/usr/bin/env bash
# Installs what rubilnik needs from Debian 12 (only what is missing), then
# configures and builds a preset (default: release). Run as root, or with
# sudo available, on a fresh Debian 12 machine.
#   scripts/bootstrap.sh [PRESET]
set -euo pipefail
preset="${1:-release}"
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config git xz-utils
          libtbb-dev libeigen3-dev libboost-graph-dev libhdf5-dev liblzma-dev
          libcli11-dev catch2 libtomlplusplus-dev nlohmann-json3-dev librandom123-dev
          libbenchmark-dev python3-h5py python3-numpy
          clang-14 libclang-rt-14-dev   # the fuzz preset: clang and its libFuzzer (.ci/run)
          clang-format-14               # the format gate, scripts/check-format.sh (.ci/run)
          libopenmpi-dev openmpi-bin)   # the mpi preset (docs/scaling.md, .ci/run)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

cmake --preset "$preset" > /dev/null
cmake --build --preset "$preset" -j "$(nproc)"
