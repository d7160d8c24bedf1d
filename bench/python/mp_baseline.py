#!/usr/bin/env python3
"""Baseline figures for CPython's ``multiprocessing`` on the current machine.

Used by ipckit to put its Java transport side by side with Python's.
Standard library only.  Run from the repository root:

    python3 bench/python/mp_baseline.py [--out bench-results/python-baseline.json]

What is measured (start method 'spawn' unless stated otherwise):

1. Round-trip latency over ``multiprocessing.Pipe()``: the parent sends a
   ``bytes`` object of exactly 64 bytes with ``Connection.send`` (i.e. it is
   pickled; about 80 bytes on the wire) and a child echoes it back with
   ``Connection.send``.  10,000 warm-up round trips, then 100,000 round trips
   timed one by one with ``time.perf_counter_ns``.  Percentiles are
   nearest-rank.  The same loop is also run with ``send_bytes``/``recv_bytes``
   (no pickling) as a supplementary row.
2. One-way 64-byte messages, parent -> child, through ``multiprocessing.Queue``
   (``put``/``get`` of a 64-byte ``bytes``) and through a ``Pipe`` with
   ``send_bytes``/``recv_bytes``.  The child counts the messages and tells the
   parent over a separate control pipe when it has received all of them; the
   clock runs from just before the first send until that report arrives.
   Median of 5 runs of 500,000 messages (fewer if a pilot run shows that this
   would not fit in the time budget; the count actually used is reported).
3. The same with 1 MiB ``bytes`` messages, 5 runs of 2,000 messages,
   reported in GB/s (1 GB = 1e9 bytes).
4. Child start to first message: time from ``Process.start()`` until the
   parent has received the child's first message over a Pipe, 30 runs (after
   one unrecorded warm-up start) for 'spawn' and for 'fork'.

To keep the child start-up figure honest, this module imports only light
standard-library modules at top level: with 'spawn' the child re-imports it.
"""

import multiprocessing as mp
import os
import sys
import time

SMALL = 64
LARGE = 1 << 20  # 1 MiB

RT_WARMUP = 10_000
RT_MEASURED = 100_000
SMALL_MSGS = 500_000
LARGE_MSGS = 2_000
RUNS = 5
START_RUNS = 30

# Time budget per measured run of a throughput test (seconds).  A pilot run
# estimates the rate; if RUNS runs of the full count would exceed
# RUNS * RUN_BUDGET_S, the count is reduced.  Keeps the whole script well
# under three minutes even on a slow or busy machine.
RUN_BUDGET_S = 4.0


# --------------------------------------------------------------------------
# Child bodies (module level so that 'spawn' can find them)
# --------------------------------------------------------------------------

def _echo_obj(conn):
    recv, send = conn.recv, conn.send
    while True:
        obj = recv()
        if obj is None:
            break
        send(obj)
    conn.close()


def _echo_bytes(conn):
    recv, send = conn.recv_bytes, conn.send_bytes
    while True:
        b = recv()
        if not b:
            break
        send(b)
    conn.close()


def _sink_queue(q, ctrl):
    """For each run: get n from ctrl, say ready, get n items, report."""
    get = q.get
    while True:
        n = ctrl.recv()
        if n is None:
            break
        ctrl.send("ready")
        total = 0
        for _ in range(n):
            total += len(get())
        ctrl.send((n, total))
    ctrl.close()


def _sink_pipe(r, ctrl):
    recv = r.recv_bytes
    while True:
        n = ctrl.recv()
        if n is None:
            break
        ctrl.send("ready")
        total = 0
        for _ in range(n):
            total += len(recv())
        ctrl.send((n, total))
    ctrl.close()
    r.close()


def _first_message(w):
    w.send_bytes(b"up")
    w.close()


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

_children = []


def _start(proc):
    proc.daemon = True  # safety net only; every child is joined explicitly
    _children.append(proc)
    proc.start()
    return proc


def _join(proc, timeout=30.0):
    proc.join(timeout)
    if proc.is_alive():
        proc.terminate()
        proc.join(5)
    if proc.exitcode != 0:
        raise RuntimeError(f"child {proc.name} exited with {proc.exitcode}")


def _cleanup_all():
    for p in _children:
        if p.is_alive():
            p.terminate()
    for p in _children:
        p.join(5)
        if p.is_alive():
            p.kill()
            p.join()


def pct(sorted_vals, p):
    """Nearest-rank percentile of an already sorted list."""
    import math
    n = len(sorted_vals)
    k = max(1, math.ceil(p / 100.0 * n))
    return sorted_vals[min(k, n) - 1]


def _median(xs):
    import statistics
    return statistics.median(xs)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# 1. Round trip
# --------------------------------------------------------------------------

def bench_roundtrip(ctx, raw):
    parent, child = ctx.Pipe()  # duplex
    proc = _start(ctx.Process(target=_echo_bytes if raw else _echo_obj,
                              args=(child,), name="echo"))
    child.close()
    payload = os.urandom(SMALL)
    if raw:
        send, recv = parent.send_bytes, parent.recv_bytes
    else:
        send, recv = parent.send, parent.recv
    clock = time.perf_counter_ns

    for _ in range(RT_WARMUP):
        send(payload)
        recv()

    samples = [0] * RT_MEASURED
    t_start = clock()
    for i in range(RT_MEASURED):
        t0 = clock()
        send(payload)
        back = recv()
        samples[i] = clock() - t0
    wall = clock() - t_start
    if back != payload:
        raise AssertionError("echo mismatch")

    if raw:
        send(b"")
    else:
        send(None)
    _join(proc)
    parent.close()

    samples.sort()
    us = lambda ns: ns / 1000.0
    return {
        "transport": "Pipe " + ("send_bytes/recv_bytes" if raw else "send/recv (pickled)"),
        "payload": f"bytes of length {SMALL} (os.urandom)",
        "warmup": RT_WARMUP,
        "measured": RT_MEASURED,
        "median_us": us(pct(samples, 50)),
        "p90_us": us(pct(samples, 90)),
        "p99_us": us(pct(samples, 99)),
        "p99_9_us": us(pct(samples, 99.9)),
        "min_us": us(samples[0]),
        "max_us": us(samples[-1]),
        "mean_us": us(sum(samples) / len(samples)),
        "wall_s": wall / 1e9,
    }


# --------------------------------------------------------------------------
# 2./3. One-way throughput
# --------------------------------------------------------------------------

def bench_oneway(ctx, kind, size, target_n, pilot_n):
    ctrl_parent, ctrl_child = ctx.Pipe()
    if kind == "queue":
        q = ctx.Queue()
        proc = _start(ctx.Process(target=_sink_queue, args=(q, ctrl_child),
                                  name="sink-queue"))
        send = q.put
    else:
        r, w = ctx.Pipe(duplex=False)
        proc = _start(ctx.Process(target=_sink_pipe, args=(r, ctrl_child),
                                  name="sink-pipe"))
        r.close()
        send = w.send_bytes
    ctrl_child.close()
    payload = os.urandom(size)
    clock = time.perf_counter_ns

    def one_run(n):
        ctrl_parent.send(n)
        if ctrl_parent.recv() != "ready":
            raise AssertionError("child not ready")
        t0 = clock()
        for _ in range(n):
            send(payload)
        got_n, got_bytes = ctrl_parent.recv()
        t1 = clock()
        if got_n != n or got_bytes != n * size:
            raise AssertionError(f"child saw {got_n} msgs / {got_bytes} B")
        return (t1 - t0) / 1e9

    # Pilot (also serves as warm-up); not part of the result.
    pilot_s = one_run(pilot_n)
    pilot_rate = pilot_n / pilot_s
    n = target_n
    if target_n / pilot_rate > RUN_BUDGET_S:
        n = max(pilot_n, int(pilot_rate * RUN_BUDGET_S) // 1000 * 1000 or pilot_n)

    times = [one_run(n) for _ in range(RUNS)]

    ctrl_parent.send(None)
    _join(proc)
    ctrl_parent.close()
    if kind == "queue":
        q.close()
        q.join_thread()
    else:
        w.close()

    rates = [n / t for t in times]
    gbs = [n * size / t / 1e9 for t in times]
    return {
        "transport": ("Queue put/get" if kind == "queue" else "Pipe send_bytes/recv_bytes"),
        "payload_bytes": size,
        "messages_per_run": n,
        "target_messages_per_run": target_n,
        "reduced": n != target_n,
        "runs": RUNS,
        "pilot_messages": pilot_n,
        "pilot_msgs_per_s": pilot_rate,
        "run_seconds": times,
        "msgs_per_s_runs": rates,
        "gb_per_s_runs": gbs,
        "median_msgs_per_s": _median(rates),
        "median_gb_per_s": _median(gbs),
        "min_msgs_per_s": min(rates),
        "max_msgs_per_s": max(rates),
    }


# --------------------------------------------------------------------------
# 4. Child start to first message
# --------------------------------------------------------------------------

def bench_start(method):
    ctx = mp.get_context(method)
    clock = time.perf_counter_ns

    def once():
        r, w = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_first_message, args=(w,), name="starter")
        proc.daemon = True
        _children.append(proc)
        t0 = clock()
        proc.start()
        msg = r.recv_bytes()
        t1 = clock()
        if msg != b"up":
            raise AssertionError("bad first message")
        _join(proc)
        w.close()
        r.close()
        return (t1 - t0) / 1e6

    once()  # warm-up, not recorded
    ms = sorted(once() for _ in range(START_RUNS))
    return {
        "start_method": method,
        "runs": START_RUNS,
        "warmup_runs": 1,
        "median_ms": pct(ms, 50),
        "p90_ms": pct(ms, 90),
        "min_ms": ms[0],
        "max_ms": ms[-1],
        "all_ms": ms,
    }


# --------------------------------------------------------------------------

def main():
    import argparse
    import json
    import platform
    import datetime

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="bench-results/python-baseline.json",
                    help="where to write the JSON results (default: %(default)s)")
    args = ap.parse_args()

    cmdline = " ".join([sys.executable] + sys.argv)
    print(f"Python {sys.version.split()[0]} ({platform.python_implementation()}, "
          f"{sys.version.split(chr(10))[0]})")
    print(f"Command: {cmdline}")
    print(f"Platform: {platform.platform()}, CPUs: {os.cpu_count()}, "
          f"load average at start: {os.getloadavg()}")
    print(flush=True)

    started = time.time()
    load_start = os.getloadavg()
    ctx = mp.get_context("spawn")
    res = {}
    try:
        log("[1/4] Pipe round trip (send/recv, pickled 64-byte bytes) ...")
        res["roundtrip_pipe_obj"] = bench_roundtrip(ctx, raw=False)
        log("[1/4] Pipe round trip (send_bytes/recv_bytes, 64 bytes) ...")
        res["roundtrip_pipe_bytes"] = bench_roundtrip(ctx, raw=True)
        log("[2/4] one-way 64 B via Queue ...")
        res["oneway_small_queue"] = bench_oneway(ctx, "queue", SMALL, SMALL_MSGS, 20_000)
        log("[2/4] one-way 64 B via Pipe.send_bytes ...")
        res["oneway_small_pipe"] = bench_oneway(ctx, "pipe", SMALL, SMALL_MSGS, 20_000)
        log("[3/4] one-way 1 MiB via Queue ...")
        res["oneway_large_queue"] = bench_oneway(ctx, "queue", LARGE, LARGE_MSGS, 100)
        log("[3/4] one-way 1 MiB via Pipe.send_bytes ...")
        res["oneway_large_pipe"] = bench_oneway(ctx, "pipe", LARGE, LARGE_MSGS, 100)
        log("[4/4] child start to first message (spawn, forkserver, fork) ...")
        res["start_spawn"] = bench_start("spawn")
        res["start_forkserver"] = bench_start("forkserver")
        res["start_fork"] = bench_start("fork")
    finally:
        _cleanup_all()

    leftovers = mp.active_children()
    elapsed = time.time() - started
    load_end = os.getloadavg()

    # ---------------------------------------------------------------- table
    rows = []
    def add(metric, value):
        rows.append((metric, value))
    for key, label in (("roundtrip_pipe_obj", "Pipe round trip, 64 B bytes, send/recv (pickled)"),
                       ("roundtrip_pipe_bytes", "Pipe round trip, 64 B, send_bytes/recv_bytes")):
        r = res[key]
        add(label, f"median {r['median_us']:.1f} / p90 {r['p90_us']:.1f} / "
                   f"p99 {r['p99_us']:.1f} / p99.9 {r['p99_9_us']:.1f} us")
    for key, label in (("oneway_small_queue", "One-way 64 B, Queue"),
                       ("oneway_small_pipe", "One-way 64 B, Pipe.send_bytes")):
        r = res[key]
        add(label, f"{r['median_msgs_per_s']:,.0f} msg/s "
                   f"(median of {r['runs']} x {r['messages_per_run']:,}; "
                   f"range {r['min_msgs_per_s']:,.0f}-{r['max_msgs_per_s']:,.0f})")
    for key, label in (("oneway_large_queue", "One-way 1 MiB, Queue"),
                       ("oneway_large_pipe", "One-way 1 MiB, Pipe.send_bytes")):
        r = res[key]
        add(label, f"{r['median_gb_per_s']:.2f} GB/s "
                   f"(median of {r['runs']} x {r['messages_per_run']:,}; "
                   f"range {min(r['gb_per_s_runs']):.2f}-{max(r['gb_per_s_runs']):.2f})")
    for key in ("start_spawn", "start_forkserver", "start_fork"):
        r = res[key]
        add(f"Child start -> first msg, {r['start_method']}",
            f"median {r['median_ms']:.1f} / p90 {r['p90_ms']:.1f} ms "
            f"({r['runs']} runs, min {r['min_ms']:.1f}, max {r['max_ms']:.1f})")

    w = max(len(m) for m, _ in rows)
    print(f"{'Metric'.ljust(w)} | Result")
    print(f"{'-' * w}-+-{'-' * 60}")
    for m, v in rows:
        print(f"{m.ljust(w)} | {v}")
    print()
    print(f"Start method: spawn (child start also measured with fork). "
          f"Total time {elapsed:.1f} s. Load average start {load_start}, end {load_end}.")
    print(f"Leftover child processes: {len(leftovers)}")

    doc = {
        "python_version": sys.version,
        "implementation": platform.python_implementation(),
        "command": cmdline,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "start_method": "spawn",
        "timestamp_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "total_seconds": elapsed,
        "loadavg_start": load_start,
        "loadavg_end": load_end,
        "percentile_method": "nearest-rank",
        "gb_definition": "1e9 bytes",
        "results": res,
        "leftover_children": len(leftovers),
    }
    out_dir = os.path.dirname(args.out)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"JSON written to {os.path.abspath(args.out)}")
    if leftovers:
        sys.exit(1)


if __name__ == "__main__":
    main()
