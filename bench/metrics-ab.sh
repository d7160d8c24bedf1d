#!/usr/bin/env bash
# What metrics cost: bench rtt with counting on (default) and off (-Dipckit.metrics=false in the parent, where
# links are counted), three rounds alternating, in one run. Prints each run's 64 B row (median is column 5).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-results/metrics-ab
mkdir -p "$out"
for round in 1 2 3; do
  for mode in on off; do
    opt=""; [ "$mode" = off ] && opt="-Dipckit.metrics=false"
    for t in pipe sharedmem; do
      java $opt -jar demos/target/ipckit-demos.jar bench rtt --transport "$t" --out "$out" > "$out/$mode-$t-$round.txt" 2>&1
    done
  done
done
grep -H -E '\| +64 B' "$out"/*.txt
