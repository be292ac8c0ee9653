#!/usr/bin/env bash
# The main job: set up, build, and show the extension working on the demo page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent build
npm run --silent demo -- "$@"
