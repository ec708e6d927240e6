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
