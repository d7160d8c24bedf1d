#!/usr/bin/env python3
"""CPython's cross-process lock and counter, for ipckit's `bench sync` to stand beside.

Standard library only.  Run from the repository root:

    python3 bench/python/sync_baseline.py [--n 200000] [--out bench-results/python-sync.json]

Two processes ('spawn') each do N operations at once; reported is the total operations per second (median of
3 runs):

1. ``with lock: value.value += 1`` on a ``multiprocessing.Value('q', lock=True)`` - lock, add, unlock;
2. ``multiprocessing.Lock`` acquire + release alone;
3. one process alone doing (1), for the uncontended cost.

Python has no lock-free shared counter, so (1) is also its answer to an atomic increment.
"""

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time


def locked_adds(value, n, start):
    start.wait()
    for _ in range(n):
        with value.get_lock():
            value.value += 1


def lock_only(lock, n, start):
    start.wait()
    for _ in range(n):
        lock.acquire()
        lock.release()


def run(target, make, procs, n):
    start = mp.Event()
    shared = make()  # one object for all processes, alive until they are joined
    ps = [mp.Process(target=target, args=(shared, n, start)) for _ in range(procs)]
    for p in ps:
        p.start()
    time.sleep(0.5)  # all started and waiting
    t0 = time.perf_counter()
    start.set()
    for p in ps:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a worker failed, exit code {p.exitcode}")
    elapsed = time.perf_counter() - t0
    if hasattr(shared, "value") and shared.value != procs * n:
        raise SystemExit(f"lost updates: {shared.value} != {procs * n}")
    return procs * n / elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--out")
    args = ap.parse_args()
    mp.set_start_method("spawn")
    rows = []
    for label, target, make, procs in (
            ("Value += 1 under its lock, 2 processes", locked_adds, lambda: mp.Value("q", 0), 2),
            ("Lock acquire+release, 2 processes", lock_only, mp.Lock, 2),
            ("Value += 1 under its lock, 1 process", locked_adds, lambda: mp.Value("q", 0), 1)):
        rates = [run(target, make, procs, args.n) for _ in range(3)]
        rows.append({"what": label, "ops_per_s": statistics.median(rates), "runs": rates})
    print(f"CPython {platform.python_version()}, {os.cpu_count()} cpus, {args.n:,} ops per process")
    for r in rows:
        print(f"{r['what']:<42}{r['ops_per_s']:>14,.0f} ops/s")
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            json.dump({"python": sys.version, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
