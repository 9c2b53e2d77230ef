#!/usr/bin/env bash
# Installs what the tests need and runs every check: types, lint and format, unit, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."

export npm_config_nodedir="${npm_config_nodedir:-/usr}"

if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null 2>&1; then
	echo "==> Installing Chromium and poppler-utils from Debian"
	SUDO=""
	if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi

echo "==> Installing dependencies"
npm install --no-audit --no-fund

echo "==> Type check"
npm run check
echo "==> Lint and format check"
npm run lint
echo "==> Unit tests"
npm run test:unit
echo "==> Building for end-to-end tests"
npm run build
echo "==> End-to-end tests"
npm run test:e2e
echo "==> Quick benchmark (proves the script works)"
npm run bench -- --quick
echo "==> All checks passed"
