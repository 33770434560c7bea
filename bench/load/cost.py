"""Where a server's time goes: CPU time per request of each class of the load mix, without a socket.

The same URLs as the load clients (bench/load/workload.py), one after another through Django's test
client (the whole middleware, view and template stack) in this process, after a warm-up: the CPU
time (all threads, Tantivy's included) and wall time per class, and optionally a cProfile of one
class. CPU time is what the load's throughput on 2 cores is made of, and is less disturbed than wall
time by other work on a shared machine.

Usage: ARCHIVIST_HOME=/work/bench-archive .venv/bin/python -m bench.load.cost [--requests 100]
       [--profile search.json]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import subprocess
import sys
import time

from bench.load.report import percentile
from bench.load.workload import MIX, make_workload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per class")
    parser.add_argument("--profile", choices=list(MIX), help="print a cProfile of this class")
    args = parser.parse_args()
    archive = json.loads(subprocess.run([sys.executable, "-m", "bench.load.archive", "describe"],
                                        check=True, stdout=subprocess.PIPE, text=True).stdout)
    from archivist.bootstrap import open_archive

    open_archive()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    urls = _urls_by_class(make_workload(archive), args.requests)
    print(f"{'class':<14}{'cpu mean':>9}{'p50':>7}{'p95':>7}{'wall p50':>9}{'p95':>7}  (ms)")
    for kind, paths in urls.items():
        for path in paths[:5]:
            client.get(path)
        profile = cProfile.Profile() if kind == args.profile else None
        cpu, wall = [], []
        for path in paths:
            start, start_cpu = time.perf_counter(), time.process_time()
            if profile:
                profile.enable()
            response = client.get(path)
            if profile:
                profile.disable()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        print(f"{kind:<14}{sum(cpu) / len(cpu):>9.1f}{percentile(cpu, 50):>7.1f}{percentile(cpu, 95):>7.1f}"
              f"{percentile(wall, 50):>9.1f}{percentile(wall, 95):>7.1f}", flush=True)
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


def _urls_by_class(workload, count: int) -> dict[str, list[str]]:
    """`count` URLs of each class, drawn as the load clients draw them."""
    rng, urls = random.Random(5), {kind: [] for kind in MIX}
    while min(len(paths) for paths in urls.values()) < count:
        kind, path = workload(rng)
        urls[kind].append(path)
    return {kind: paths[:count] for kind, paths in urls.items()}


if __name__ == "__main__":
    main()
