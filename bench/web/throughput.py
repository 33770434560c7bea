"""Throughput of `archivist serve` with 1, 2 and 4 gunicorn workers, and of two servers sharing one
search index, under bench/load's mix of pages and searches (bench/load/workload.py: documents, A-Z
pages, authority pages, dates; faceted searches as HTML and JSON).

For each set-up: the server(s) started on 127.0.0.1 against the archive the environment names
(ARCHIVIST_HOME, DATABASE_URL), a warm-up, then a closed loop of --clients clients (bench/load's
asyncio client, keep-alive, no think time) for --seconds: requests per second, pages' and searches'
p50 / p95, errors, the load average before and after (the machine may be shared), and the servers'
peak memory. Two servers are two `archivist serve` on two ports, each with its own gunicorn and
outbox worker, the clients split between them. Results go to stdout and
bench/web/throughput-<documents>-<database>.json.

Usage: ARCHIVIST_HOME=/tmp/web-bench [DATABASE_URL=...] .venv/bin/python -m bench.web.throughput
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
from pathlib import Path

from bench.load.client import PhaseRecord, run_phase
from bench.load.report import stats
from bench.load.workload import PAGE_CLASSES, SEARCH_CLASSES, make_workload
from bench.web.server import load_average, running_server, server_memory

HERE = Path(__file__).resolve().parent
WARM_SECONDS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2,4", help="gunicorn workers of each set-up, in turn")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--two-servers", type=int, default=1, metavar="WORKERS",
                        help="then two servers of this many workers each on one index (0: not)")
    parser.add_argument("--searches", action="store_true",
                        help="only /search.json, bench/search's 200 queries, on a home it built")
    args = parser.parse_args()
    if args.searches:
        from bench.search.postgres import _open

        _open(Path(os.environ["ARCHIVIST_HOME"]))
        documents, workload = _search_workload()
    else:
        from archivist.bootstrap import open_archive

        open_archive()
        from bench.load.archive import describe

        archive = describe()
        documents, workload = archive["documents"], make_workload(archive)
    from django.db import connection

    database = connection.vendor
    connection.close()
    report = {"documents": documents, "database": database, "clients": args.clients,
              "workload": "bench/search queries" if args.searches else "bench/load mix",
              "seconds": args.seconds, "threads": args.threads, "runs": []}
    set_ups = [[int(w)] for w in args.workers.split(",")]
    if args.two_servers:
        set_ups.append([args.two_servers, args.two_servers])
    for workers in set_ups:
        run = _run(workers, args, workload)
        report["runs"].append(run)
        print(json.dumps({k: v for k, v in run.items() if k != "memory"}), flush=True)
    kind = "-searches" if args.searches else ""
    out = HERE / f"throughput-{documents}-{database}{kind}.json"
    out.write_text(json.dumps(report, indent=2))


def _search_workload():
    """bench/search's 200 queries as /search.json addresses, drawn at random; the index's documents."""
    import json
    import random
    from urllib.parse import urlencode

    from bench.search.generate import Archive, queries

    urls = []
    for item in queries(Archive()):
        pairs = [("q", item.q), ("from", item.date_from), ("to", item.date_to)]
        pairs += [(name, v) for name, values in item.filters.items() for v in values]
        urls.append("/search.json?" + urlencode(pairs))
    documents = json.loads((Path(os.environ["ARCHIVIST_HOME"]) / "build.json").read_text())["docs"]

    def next_request(rng: random.Random) -> tuple[str, str]:
        return "search.json", rng.choice(urls)

    return documents, next_request


def _run(workers: list[int], args: argparse.Namespace, workload) -> dict:
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(running_server(w, args.threads)) for w in workers]
        ports = [port for port, _ in servers]
        asyncio.run(_closed_loop(ports, workload, args.clients, WARM_SECONDS, seed=99))
        before = load_average()
        parts = asyncio.run(_closed_loop(ports, workload, args.clients, args.seconds, seed=1))
        samples = [s for part in parts for s in part.samples]
        return {"servers": len(workers), "workers_each": workers[0], "threads": args.threads,
                "load_average_before": before, "load_average_after": load_average(),
                "all": stats(samples, args.seconds),
                "pages": stats([s for s in samples if s.kind in PAGE_CLASSES], args.seconds),
                "searches": stats([s for s in samples if s.kind in SEARCH_CLASSES], args.seconds),
                "by_server": [stats(part.samples, args.seconds) for part in parts],
                "memory": [server_memory(process.pid) for _, process in servers]}


async def _closed_loop(ports: list[int], workload, clients: int, seconds: float,
                       seed: int) -> list[PhaseRecord]:
    """`clients` closed-loop clients split evenly between the servers, all at once; a record a server."""
    return list(await asyncio.gather(*(run_phase(port, workload, clients // len(ports), seconds, seed + n)
                                       for n, port in enumerate(ports))))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    main()
