#!/usr/bin/env bash
# Serves the browser lab at http://127.0.0.1:8080 (installs the pinned tools on first use).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ensure_app_tools
cd "$ROOT"
exec trunk serve --release "$@"
