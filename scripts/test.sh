#!/usr/bin/env bash
# Installs the test dependencies into .venv, then runs lint and the whole test suite on SQLite and
# on PostgreSQL. Without a reachable PostgreSQL a user's run skips that half with a message; in CI
# (CI=true) a missing server is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e '.[test]'

# The browser tests (tests/browser) drive Debian's Chromium and run axe-core from npm; the scan tests
# (tests/scans) run Debian's tesseract with its languages on pages drawn with Debian's fonts. CI
# installs what is missing of them, so the tests always run there; a user's run without them skips
# those tests with a message.
if [ "${CI:-}" = "true" ]; then
  missing=""
  command -v chromium >/dev/null || missing="chromium"
  for package in tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-chi-sim \
      tesseract-ocr-chi-tra tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-jpn fonts-noto-cjk \
      fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
  done
  if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # shellcheck disable=SC2086  # one package a word
    $sudo apt-get update -qq && $sudo apt-get install -y -qq $missing
  fi
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
  ./scripts/vendor.sh --check  # the front-end files the archive serves are the pinned npm packages
elif command -v npm >/dev/null && [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent) || echo "npm ci failed: axe-core missing"
fi

echo "== lint (ruff)"
.venv/bin/ruff check .

# Each run has its own archive directory: the two runs go side by side when PostgreSQL is reachable.
homes="$(mktemp -d)"
trap 'rm -rf "$homes"' EXIT
mkdir "$homes/sqlite" "$homes/postgres"

run_sqlite() {
  env -u DATABASE_URL ARCHIVIST_HOME="$homes/sqlite" .venv/bin/pytest -q "$@"
}

postgres_url="${ARCHIVIST_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
if .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" \
    "$postgres_url" 2>/dev/null; then
  # Both runs at once: each is mostly one Python process, so on a machine of two cores or more the
  # suite takes about as long as its longer half. Each run's output follows when both have ended.
  echo "== tests on SQLite and on PostgreSQL ($postgres_url), side by side"
  run_sqlite "$@" >"$homes/sqlite.log" 2>&1 &
  sqlite_run=$!
  DATABASE_URL="$postgres_url" ARCHIVIST_HOME="$homes/postgres" \
    .venv/bin/pytest -q -p no:cacheprovider -m "not browser" "$@" >"$homes/postgres.log" 2>&1 &
  postgres_run=$!
  sqlite_status=0; postgres_status=0
  wait "$sqlite_run" || sqlite_status=$?
  wait "$postgres_run" || postgres_status=$?
  echo "== tests on SQLite"; cat "$homes/sqlite.log"
  echo "== tests on PostgreSQL ($postgres_url)"; cat "$homes/postgres.log"
  [ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable at $postgres_url: CI requires the PostgreSQL run." >&2
  exit 1
else
  echo "== tests on SQLite"
  run_sqlite "$@"
  echo "SKIPPED the PostgreSQL run: no server at $postgres_url." \
       "Start PostgreSQL or set ARCHIVIST_TEST_POSTGRES=postgres://user@host:port/db to run it."
fi
