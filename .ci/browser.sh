#!/usr/bin/env bash
# Headless Chromium and CJK fonts for the tests that render the HTML report to PNG (tests/outputs).
# Debian's own packages; nothing downloaded by the browser itself.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto.*CJK"; then
    echo "chromium and CJK fonts already installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
