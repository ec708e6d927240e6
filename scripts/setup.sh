#!/usr/bin/env bash
# Set-up on a fresh Debian 12 machine: packages, build, boundary data, then the map on the default data.
# With no display (or CI=true) it runs `zila report` on the default data instead of opening the window.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config git curl ca-certificates
  libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
  libsfml-dev libimgui-dev libgl1-mesa-dri libglu1-mesa-dev mesa-utils xvfb xauth fonts-dejavu-core
  catch2 libhowardhinnant-date-dev libcli11-dev nlohmann-json3-dev libfmt-dev libtbb-dev zlib1g-dev libpng-dev
  ffmpeg python3-geopandas python3-rtree python3-libpysal
  python3-qgis  # the bench's QGIS frame peer (bench/qgis_peer.py): ~110 MB, about half a minute
  clang libfuzzer-14-dev libclang-rt-14-dev
  postgresql-15-postgis-3 postgresql-client-15 libpq-dev
)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash geodata/fetch.sh
# The bench's DuckDB peer (an npm package that bundles its binary); the map does not need it.
if command -v npm >/dev/null && [[ ! -d bench/node_modules/@duckdb ]]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error) || echo "setup: bench peer DuckDB not installed (npm ci failed); zila bench will report it"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"

if [[ -n "${DISPLAY:-}" && "${CI:-}" != "true" && "${ZILA_NO_WINDOW:-}" != "1" ]]; then
  exec build/src/app/zila
else
  build/src/app/zila report --out build/default-report.csv --join-report build/default-join-report.json
  echo "setup: wrote build/default-report.csv and build/default-join-report.json (no display: the window was not opened)"
fi
