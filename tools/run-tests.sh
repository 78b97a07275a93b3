#!/usr/bin/env bash
# Runs every test of the repository. The browser tests drive Debian's Chromium; it is installed here
# when missing (never downloaded by a test tool), so this works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser test starts /usr/bin/chromium, so that is the one that must be there.
if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests..."
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

log=$(mktemp)
set +e
# Normal verbosity prints each test and what the soak and hostile-input suites report (their figures).
dotnet test Plugins.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
passed=$(awk '/^ *Passed: +[0-9]+ *$/ { s += $2 } END { print s + 0 }' "$log")
failed=$(awk '/^ *Failed: +[0-9]+ *$/ { s += $2 } END { print s + 0 }' "$log")
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
