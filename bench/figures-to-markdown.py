#!/usr/bin/env python3
"""Turns the JSON lines of `bench ... --json FILE` into the Markdown tables of demos/BENCHMARKS.md and the
README, so that no figure in the docs is typed by hand.

    python3 bench/figures-to-markdown.py bench-results/figures.jsonl
"""
import json
import sys
from collections import OrderedDict

PAYLOADS = [64, 1024, 65536, 1048576]


def label(n):
    if n >= 1 << 20:
        return f"{n >> 20} MiB"
    return f"{n >> 10} KiB" if n >= 1024 else f"{n} B"


def fmt(v, digits=1):
    return f"{v:,.{digits}f}"


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def main(path):
    figs = [json.loads(l) for l in open(path) if l.strip().startswith('{"bench"')]
    transports = list(OrderedDict.fromkeys(f["transport"] for f in figs if f.get("transport")
                                           and f["bench"] in ("rtt", "throughput", "spawn")))

    def get(bench, metric, **kw):
        for f in figs:
            if f["bench"] == bench and f["metric"] == metric and all(f.get(k) == v for k, v in kw.items()):
                return f["value"]
        return None

    ser = next((f["serializer"] for f in figs if f["bench"] == "rtt"), "?")
    print(f"### Round trip, `send/recv` of a `byte[]` ({ser}), µs: median / p99 / p99.9\n")
    print(table(["payload"] + transports, [[label(p)] + [
        " / ".join(fmt(get("rtt", m, transport=t, payload_bytes=p)) for m in ("rtt_p50_us", "rtt_p99_us", "rtt_p999_us"))
        for t in transports] for p in PAYLOADS]))
    print(f"\n### One-way throughput, `send(byte[])` ({ser}): msgs/s and MB/s (median)\n")
    print(table(["payload"] + transports, [[label(p)] + [
        f"{fmt(get('throughput', 'msgs_per_s', transport=t, payload_bytes=p), 0)} msgs/s, "
        f"{fmt(get('throughput', 'mb_per_s', transport=t, payload_bytes=p))} MB/s" for t in transports]
        for p in PAYLOADS]))
    print("\n### Serializers (JMH, ns per value; encoded size in bytes)\n")
    rows = []
    for s in ("kryo", "java", "raw"):
        for shape, name in (("small", "small object"), ("collection", "1,000 objects"), ("array", "1 MiB byte[]")):
            e = get("serializer", "encode_ns", serializer=s, shape=shape)
            if e is not None:
                rows.append([s, name, fmt(e, 0), fmt(get("serializer", "decode_ns", serializer=s, shape=shape), 0),
                             fmt(get("serializer", "encoded_bytes", serializer=s, shape=shape), 0)])
    print(table(["serializer", "value", "encode ns", "decode ns", "encoded bytes"], rows))
    print("\n### Child start to first message, ms (median)\n")
    print(table(["", *transports], [["spawn"] + [fmt(get("spawn", "first_message_ms", transport=t)) for t in transports]]))
    print("\n### Pool: cost per task of `map(x -> x + 1)`, 2 workers, µs (median)\n")
    pools = transports + ["thread pool"]
    print(table(["chunksize"] + pools, [[str(c)] + [
        fmt(get("pool", "per_task_us", chunksize=c, **({"pool": "thread"} if t == "thread pool" else {"transport": t})), 3)
        for t in pools] for c in (1, 100, 1000)]))
    serial = get("pool", "seconds", pool="serial")
    if serial:
        n = next(f.get("numbers") for f in figs if f["bench"] == "pool" and f.get("pool") == "serial")
        print(f"\n### `is_prime` over {n} numbers (PRIMES × {n // 6}), 2 workers, chunksize 1: seconds (speed-up)\n")
        cells = [f"{fmt(serial, 3)} (1.00)"] + [
            f"{fmt(v, 3)} ({serial / v:.2f})" for v in
            [get("pool", "seconds", pool="process", transport=t) for t in transports]
            + [get("pool", "seconds", pool="thread")]]
        print(table(["serial"] + [f"process pool, {t}" for t in transports] + ["thread pool"], [cells]))
    if any(f["bench"] == "idle" for f in figs):
        print("\n### Idle link: CPU while the child waits in `recv()`, % of one core\n")
        print(table(["process"] + transports, [[p] + [fmt(get("idle", "cpu_pct", transport=t, process=p), 2)
                                                     for t in transports]
                                              for p in ("parent (minus baseline)", "child")]))


if __name__ == "__main__":
    main(sys.argv[1])
