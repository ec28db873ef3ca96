#!/usr/bin/env bash
# Prints the go test arguments that run every test calling
# heavy.NotUnderRace (internal/heavy): "-run '^(A|B|…)$' ./pkg …", the
# tests .ci/run's race step skips and then runs without the race detector.
set -euo pipefail
cd "$(dirname "$0")/.."
git grep -l 'heavy\.NotUnderRace(t)' -- '*_test.go' | while read -r file; do
  awk -v dir="./$(dirname "$file")" '
    match($0, /^func (Test[A-Za-z0-9_]*)\(/) { name = substr($0, 6, RLENGTH - 6) }
    /heavy\.NotUnderRace\(t\)/ && name != "" { print dir, name; name = "" }
  ' "$file"
done | sort -u | awk '
  { names = names sep $2; sep = "|"; if (!($1 in dirs)) { dirs[$1] = 1; pkgs = pkgs " " $1 } }
  END { if (names != "") print "-run ^(" names ")$" pkgs }'
