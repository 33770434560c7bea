"""Measure document and browse pages through the real server over HTTP, on the benchmark archive
(see generate.py), on SQLite or PostgreSQL (DATABASE_URL, as for every command).

Starts `archivist serve` (gunicorn) on a free port of 127.0.0.1 in a subprocess, then requests each
kind of page with a real HTTP client (requests, one keep-alive connection, one request at a time),
after a warm-up. For each kind: the server's own time from the Server-Timing header the app sets
(archivist.web.middleware.server_timing: the whole middleware, view and template stack; wall time
and the answering thread's CPU time, which a busy shared machine disturbs less) and the client's
time on loopback, p50 / p95 / max in milliseconds. Then the peak memory (VmHWM) of the
server's processes. Results go to stdout and bench/web/results-<documents>-<database>.json.

Usage: ARCHIVIST_HOME=/tmp/web-bench [DATABASE_URL=...] .venv/bin/python -m bench.web.run [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from pathlib import Path

import requests

from bench.web.server import HOST, load_average, running_server, server_memory

SEED = 7
HERE = Path(__file__).resolve().parent
TARGET_P95_MS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per kind of page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from django.db import connection

    from archivist.records.models import Document

    pages = _pages(random.Random(SEED))
    documents = Document.objects.count()
    database = connection.vendor
    connection.close()
    report = {"documents": documents, "database": database, "requests_per_page": args.requests,
              "server": f"archivist serve, gunicorn {args.workers} workers x {args.threads} threads",
              "load_average_before": load_average(), "pages": {}}
    with running_server(args.workers, args.threads) as (port, process):
        session = requests.Session()
        print(f"{documents} documents on {database}; {report['server']}; "
              f"load {report['load_average_before']}")
        print(f"{'page':<26}{'server p50':>11}{'p95':>7}{'max':>7}{'cpu p50':>8}{'p95':>7}"
              f"{'client p50':>11}{'p95':>7}  (ms)")
        for name, make_url in pages.items():
            report["pages"][name] = figures = _measure(session, port, make_url, args.requests)
            print(f"{name:<26}{figures['server_p50_ms']:>11.1f}{figures['server_p95_ms']:>7.1f}"
                  f"{figures['server_max_ms']:>7.1f}{figures['cpu_p50_ms']:>8.1f}{figures['cpu_p95_ms']:>7.1f}"
                  f"{figures['client_p50_ms']:>11.1f}"
                  f"{figures['client_p95_ms']:>7.1f}", flush=True)
        report["memory"] = server_memory(process.pid)
    report["load_average_after"] = load_average()
    report["over_target"] = sorted(name for name, f in report["pages"].items()
                                   if f["server_p95_ms"] > TARGET_P95_MS)
    print("memory (kB):", json.dumps(report["memory"]))
    print("over the target of", TARGET_P95_MS, "ms p95:", report["over_target"] or "none")
    out = HERE / f"results-{documents}-{database}.json"
    out.write_text(json.dumps(report, indent=2))


def _pages(rng: random.Random) -> dict:
    """The kinds of page, each a function giving the next URL: the same URLs for the same archive."""
    from archivist.records.models import Authority, Document
    from archivist.web.views.browse import PER_PAGE

    top = Document.objects.order_by("-id").values_list("id", flat=True).first()
    listed = Authority.objects.filter(count__documents__gt=0)
    keys = {kind: list(listed.filter(kind=kind).values_list("key", flat=True))
            for kind in ("person", "place", "topic", "subject", "archive")}
    people_pages = max(1, min(200, Authority.objects.filter(kind="person", count__documents__gt=0).count()
                                  // PER_PAGE))
    busiest = (Authority.objects.filter(kind="person").order_by("-count__documents")
               .values_list("key", flat=True).first())
    return {
        "document": lambda: f"/documents/{rng.randint(1, top)}",
        "document.json": lambda: f"/documents/{rng.randint(1, top)}.json",
        # The Cite box's style chosen: citeproc-py renders it (the archive's own style, the default, is not)
        "document, Chicago citation": lambda: f"/documents/{rng.randint(1, top)}?style=chicago",
        "document.json, Chicago citation": lambda: f"/documents/{rng.randint(1, top)}.json?style=chicago",
        "home": lambda: "/",
        "people A-Z page": lambda: f"/people?letter={rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}",
        "people all, deep page": lambda: f"/people?page={rng.randint(1, people_pages)}",
        "places": lambda: "/places",
        "topics": lambda: "/topics",
        "subjects": lambda: "/subjects",
        "catalog": lambda: "/catalog",
        "person page": lambda: f"/people/{rng.choice(keys['person'])}",
        "busiest person page": lambda: f"/people/{busiest}",
        "busiest person, page 20": lambda: f"/people/{busiest}?page=20",
        "place page": lambda: f"/places/{rng.choice(keys['place'])}",
        "topic page": lambda: f"/topics/{rng.choice(keys['topic'])}",
        "subject page": lambda: f"/subjects/{rng.choice(keys['subject'])}",
        "catalog record": lambda: f"/catalog/{rng.choice(keys['archive'])}",
        "dates": lambda: "/dates",
        "year": lambda: f"/dates/{rng.randint(1940, 1990)}",
        "month": lambda: f"/dates/{rng.randint(1940, 1990)}/{rng.randint(1, 12):02d}",
    }


def _measure(session: requests.Session, port: int, make_url, count: int) -> dict:
    for _ in range(5):
        session.get(f"http://{HOST}:{port}{make_url()}", timeout=60)
    server, cpu, client, slowest = [], [], [], ("", 0.0)
    for _ in range(count):
        url = make_url()
        started = time.perf_counter()
        response = session.get(f"http://{HOST}:{port}{url}", timeout=60)
        client.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        timing = re.fullmatch(r"app;dur=([\d.]+), cpu;dur=([\d.]+)", response.headers["Server-Timing"])
        server.append(float(timing.group(1)))
        cpu.append(float(timing.group(2)))
        if server[-1] > slowest[1]:
            slowest = (url, server[-1])
    return {"server_p50_ms": _p(server, 50), "server_p95_ms": _p(server, 95), "server_max_ms": max(server),
            "cpu_p50_ms": _p(cpu, 50), "cpu_p95_ms": _p(cpu, 95),
            "client_p50_ms": _p(client, 50), "client_p95_ms": _p(client, 95), "slowest": slowest[0],
            "bytes_last": len(response.content)}


def _p(values: list[float], percent: int) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return round(ordered[max(0, -(-len(ordered) * percent // 100) - 1)], 1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    main()
