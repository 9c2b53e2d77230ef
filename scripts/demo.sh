#!/usr/bin/env bash
# Installs, builds, migrates, seeds the demo and serves Circlework on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."

export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # build better-sqlite3 against the system's Node headers
export DATABASE_PATH="${DATABASE_PATH:-./data/circlework.db}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export ORIGIN="${ORIGIN:-http://localhost:${PORT}}"
export CIRCLEWORK_DEMO="${CIRCLEWORK_DEMO:-true}"
# NODE_ENV=production is set only for the server: with it, npm install would skip the build tools.

echo "==> Installing dependencies"
npm install --no-audit --no-fund
echo "==> Building"
npm run build
echo "==> Migrating ${DATABASE_PATH}"
npm run db:migrate
echo "==> Seeding demo accounts"
npm run seed:demo
echo "==> Starting Circlework on ${ORIGIN}  (Ctrl+C to stop)"
NODE_ENV=production exec node server.js
