#!/usr/bin/env python3
"""CPython's process pools on this machine, for ipckit's pool benchmark to stand beside.

Standard library only.  Run from the repository root:

    python3 bench/python/pool_baseline.py [--out bench-results/python-pool.json]

Measured with 2 workers and the 'spawn' start method (the same as ipckit, whose workers are fresh JVMs):

1. ``multiprocessing.Pool.map(inc, range(N))`` at chunksize 1 and 1000: overhead per task = wall time / N,
   median of 5 runs after 3 untimed runs (N = 100,000).
2. ``concurrent.futures.ProcessPoolExecutor.map`` at chunksize 1 (N = 20,000: it is slow) and 1000.
3. Pool start until both workers have run a task: from ``Pool(2)`` until two distinct worker pids have
   each returned a task, median of 10.
"""

import argparse
import concurrent.futures as cf
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

WORKERS = 2


def inc(x):
    return x + 1


def pid_after_nap(_):
    time.sleep(0.002)  # so that one worker cannot take both
    return os.getpid()


def per_task_us(run, n, runs=5, warm_up=3):
    for _ in range(warm_up):  # as ipckit's bench pool: 3 untimed maps, then the timed ones
        run()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1e6 / n)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": runs}


def pool_first_result_ms(ctx, starts=10):
    """From Pool(2) to the first result of a trivial task (ipckit's 'pool of 2 usable')."""
    out = []
    for _ in range(starts):
        t0 = time.perf_counter()
        with ctx.Pool(WORKERS) as pool:
            pool.apply(inc, (0,))
            out.append((time.perf_counter() - t0) * 1e3)
    return {"median": statistics.median(out), "min": min(out), "max": max(out), "starts": starts}


def pool_start_ms(ctx, starts=10):
    out = []
    for _ in range(starts):
        t0 = time.perf_counter()
        with ctx.Pool(WORKERS) as pool:
            pids = set()
            while len(pids) < WORKERS:
                pids.update(pool.map(pid_after_nap, [0, 1], 1))
            out.append((time.perf_counter() - t0) * 1e3)
    return {"median": statistics.median(out), "min": min(out), "max": max(out), "starts": starts}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="bench-results/python-pool.json")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    n = 100_000
    items = list(range(n))
    rows = []
    with ctx.Pool(WORKERS) as pool:
        for chunksize in (1, 1000):
            r = per_task_us(lambda: pool.map(inc, items, chunksize), n)
            rows.append({"pool": "multiprocessing.Pool", "chunksize": chunksize, "tasks": n, **r})
    with cf.ProcessPoolExecutor(WORKERS, mp_context=ctx) as ex:
        for chunksize, count in ((1, 20_000), (1000, n)):
            some = items[:count]
            r = per_task_us(lambda: list(ex.map(inc, some, chunksize=chunksize)), count)
            rows.append({"pool": "ProcessPoolExecutor", "chunksize": chunksize, "tasks": count, **r})
    start = pool_start_ms(ctx)
    first = pool_first_result_ms(ctx)

    print(f"# python {platform.python_version()}, {os.cpu_count()} cores, {WORKERS} workers, spawn")
    print(f"# command: {sys.executable} {' '.join(sys.argv)}")
    print(f"{'pool':<22} {'chunksize':>9} {'tasks':>8} {'median us/task':>15} {'min':>8} {'max':>8}")
    for r in rows:
        print(f"{r['pool']:<22} {r['chunksize']:>9} {r['tasks']:>8,} {r['median']:>15.3f} {r['min']:>8.3f} {r['max']:>8.3f}")
    print(f"pool start until both workers ran a task: median {start['median']:.1f} ms "
          f"(min {start['min']:.1f}, max {start['max']:.1f}, {start['starts']} pools)")
    print(f"pool start until the first result: median {first['median']:.1f} ms "
          f"(min {first['min']:.1f}, max {first['max']:.1f}, {first['starts']} pools)")
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"python": platform.python_version(), "cores": os.cpu_count(), "workers": WORKERS,
                   "map": rows, "pool_start_ms": start, "pool_first_result_ms": first, "load": os.getloadavg(),
                   "command": " ".join([sys.executable] + sys.argv)}, f, indent=2)


if __name__ == "__main__":
    main()
