#!/usr/bin/env bash
# Runs the Java benchmark suite and CPython's multiprocessing baseline back to back, so that both sets
# of figures come from one run on the same machine. Builds nothing: build the demos jar first with
#   mvn -q -DskipTests package -pl demos -am
# Run from any directory. BENCHES="rtt throughput idle" runs only those benchmarks (default: all).
# Results go to bench-results/<transport>/ (CSV + JSON per benchmark),
# bench-results/sharedmem-busy/, python-baseline.json, python-pool.json, python-share.json and python-sync.json.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=demos/target/ipckit-demos.jar
if [[ ! -f "$jar" ]]; then
    echo "missing $jar: build it first with: mvn -q -DskipTests package -pl demos -am" >&2
    exit 1
fi

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm), nproc=$(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | sed 's/^/# /'
python3 --version 2>&1 | sed 's/^/# /'

for transport in ${TRANSPORTS:-pipe socket sharedmem}; do
    for b in ${BENCHES:-all}; do
        java -jar "$jar" bench "$b" --transport "$transport" --out "bench-results/$transport"
    done
done
python3 bench/python/mp_baseline.py --out bench-results/python-baseline.json
python3 bench/python/pool_baseline.py --out bench-results/python-pool.json
python3 bench/python/share_baseline.py --out bench-results/python-share.json
python3 bench/python/sync_baseline.py --out bench-results/python-sync.json

# Shared memory with busy-spinning readers (parent and children: the benchmarks pass ipckit.shm.* on to
# every child). Each reader then holds a core, so this runs last and apart. SHM_BUSY=0 skips it.
if [[ "${SHM_BUSY:-1}" != 0 && " ${TRANSPORTS:-sharedmem} " == *" sharedmem "* ]]; then
    for b in rtt throughput; do
        [[ " ${BENCHES:-rtt throughput} " == *" $b "* || "${BENCHES:-all}" == all ]] || continue
        java -Dipckit.shm.idle=busy -jar "$jar" bench "$b" --transport sharedmem --out bench-results/sharedmem-busy
    done
fi

echo "# done $(date -u +%Y-%m-%dT%H:%M:%SZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
