#!/bin/sh
# Run one e2e file (optionally one test by name) N times in a row with no retry; stop at the first failure.
# Usage: scripts/e2e-repeat.sh <runs> <file-part> [test-name-regex]   (build first; KEYHOLE_OUT picks the build)
runs=$1; file=$2; grep=$3; pass=0
for i in $(seq 1 "$runs"); do
  if KEYHOLE_E2E_GREP="$grep" node tests/e2e/run.mjs "$file" > "/tmp/e2e-repeat-$i.log" 2>&1; then pass=$((pass + 1)); echo "run $i: pass"; else echo "run $i: FAIL (see /tmp/e2e-repeat-$i.log)"; break; fi
done
echo "$pass/$runs passed in a row"
[ "$pass" = "$runs" ]
