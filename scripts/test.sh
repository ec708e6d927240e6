#!/usr/bin/env bash
# The whole test suite: unit tests, real-data end-to-end tests, golden images and the window test
# (GL tests run under Xvfb with Mesa's llvmpipe). Expects scripts/setup.sh to have built build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)"
