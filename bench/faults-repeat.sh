#!/usr/bin/env bash
# Runs the fault, parent-kill, pool-fault, load and fuzz-regression tests of every transport N times
# (default 5) and prints, per test class, how many test runs passed and failed, with the longest
# orphan lifetime seen after a parent SIGKILL. Used for the results table in the README.
#   bash bench/faults-repeat.sh [N] [extra mvn args...]
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-5}
shift || true
out=$(mktemp -d /tmp/ipckit-faults-repeat.XXXXXX)
tests='*FaultTest,*ParentKillTest,*PoolFaultTest,*LoadTest,*FuzzTest,ListenerHostileClientTest,SocketFloodTest'
for i in $(seq 1 "$n"); do
  rm -rf ipc-*/target/surefire-reports # reports of earlier runs would be counted again
  mvn -B -q verify -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false "$@" > "$out/run-$i.log" 2>&1
  echo "run $i: mvn exit $?"
  mkdir -p "$out/$i"
  for m in ipc-api ipc-pipe ipc-socket ipc-sharedmem; do
    cp "$m"/target/surefire-reports/TEST-*.xml "$m"/target/surefire-reports/*-output.txt "$out/$i/" 2>/dev/null
  done
done
python3 - "$out" "$n" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
out, n = sys.argv[1], int(sys.argv[2])
stats = {}
for f in glob.glob(f"{out}/*/TEST-*.xml"):
    r = ET.parse(f).getroot()
    name = r.get("name").split(".")[-1]
    s = stats.setdefault(name, [0, 0, 0])
    s[0] += int(r.get("tests")); s[1] += int(r.get("failures")) + int(r.get("errors")); s[2] += 1
print(f"{'test class':32} {'test runs':>9} {'failed':>6}  (over {n} repetitions; results in {out})")
for name in sorted(stats):
    t, bad, _ = stats[name]
    print(f"{name:32} {t:9d} {bad:6d}")
kill = {}
for f in glob.glob(f"{out}/*/*-output.txt"):
    for m in re.finditer(r"gone (\d+) ms after their parent was killed, transport=(\w+)", open(f, errors="replace").read()):
        kill.setdefault(m.group(2), []).append(int(m.group(1)))
for t, ms in sorted(kill.items()):
    print(f"parent SIGKILL, {t}: {len(ms)} runs, every child and worker gone within {max(ms)} ms (median {sorted(ms)[len(ms)//2]})")
loads = []
for f in glob.glob(f"{out}/*/*-output.txt"):
    loads += re.findall(r"^load: .*$", open(f, errors="replace").read(), re.M)
lost = sum(int(re.search(r"lost=(\d+)", l).group(1)) for l in loads)
print(f"load runs: {len(loads)}, messages lost in all: {lost}")
PY
