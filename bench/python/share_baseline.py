#!/usr/bin/env python3
"""CPython's answer to seed 003's "don't pickle the input", for ipckit's `bench share` to stand beside.

Needs numpy (the usual way to hold 200 MB of numbers in Python).  Run from the repository root:

    python3 bench/python/share_baseline.py [--mb 200] [--runs 5] [--out bench-results/python-share.json]

A 200 MB int64 array is summed in halves by a Pool of 2 workers (started before timing, 'spawn' like ipckit's
fresh JVMs), two ways:

1. by value: ``pool.map(np.sum, [a[:h], a[h:]])`` - each half is pickled into the task message;
2. SharedMemory: the array is copied once into ``multiprocessing.shared_memory.SharedMemory`` (timed), the
   tasks carry (name, shape, range) and each worker sums its half of a view of the shared pages.

Reported per way: seconds per whole run (median, min, max over the runs, after one untimed run) and the
bytes pickled per task.
"""

import argparse
import json
import multiprocessing as mp
import os
import pickle
import platform
import statistics
import sys
import time
from multiprocessing import shared_memory

import numpy as np


def sum_half(a):
    return int(a.sum())


def sum_shared(args):
    name, n, lo, hi = args
    shm = shared_memory.SharedMemory(name=name)
    try:
        view = np.ndarray((n,), dtype=np.int64, buffer=shm.buf)
        s = int(view[lo:hi].sum())
        del view
        return s
    finally:
        shm.close()


def by_value(pool, a):
    h = len(a) // 2
    tasks = [a[:h], a[h:]]
    return sum(pool.map(sum_half, tasks, chunksize=1)), len(pickle.dumps(tasks[0]))


def shared(pool, a):
    shm = shared_memory.SharedMemory(create=True, size=a.nbytes)
    try:
        np.ndarray(a.shape, dtype=a.dtype, buffer=shm.buf)[:] = a
        h = len(a) // 2
        tasks = [(shm.name, len(a), 0, h), (shm.name, len(a), h, len(a))]
        return sum(pool.map(sum_shared, tasks, chunksize=1)), len(pickle.dumps(tasks[0]))
    finally:
        shm.close()
        shm.unlink()


def measure(fn, pool, a, runs):
    want = int(a.sum())
    got, per_task = fn(pool, a)
    assert got == want, (got, want)
    secs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        got, _ = fn(pool, a)
        secs.append(time.perf_counter() - t0)
        assert got == want
    return secs, per_task


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out")
    args = ap.parse_args()
    a = np.arange(args.mb * (1 << 20) // 8, dtype=np.int64)
    mp.set_start_method("spawn")
    rows = []
    with mp.Pool(2) as pool:
        pool.map(sum_half, [a[:1], a[1:2]])  # workers up
        for label, fn in (("by value (pickled)", by_value), ("SharedMemory", shared)):
            secs, per_task = measure(fn, pool, a, args.runs)
            rows.append({"way": label, "median_s": statistics.median(secs), "min_s": min(secs),
                         "max_s": max(secs), "bytes_per_task": per_task, "runs": args.runs})
    print(f"CPython {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpus: "
          f"{args.mb} MB int64 summed in halves by Pool(2)")
    print(f"{'way':<22}{'median s':>10}{'min':>8}{'max':>8}{'bytes/task':>14}")
    for r in rows:
        print(f"{r['way']:<22}{r['median_s']:>10.3f}{r['min_s']:>8.3f}{r['max_s']:>8.3f}{r['bytes_per_task']:>14,}")
    if args.out:
        os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
        with open(args.out, "w") as f:
            json.dump({"python": sys.version, "mb": args.mb, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
