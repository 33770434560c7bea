"""Measure server time of document and browse pages on the benchmark archive (see generate.py).

Each page is requested through Django's test client (the whole middleware, view and template stack,
without a socket), after a warm-up; prints p50 and p95 in milliseconds per kind of page, of wall-clock
time and of this process's CPU time (which other work on a busy machine disturbs less).

Usage: ARCHIVIST_HOME=/tmp/web-bench .venv/bin/python bench/web/run.py [--requests 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

SEED = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per kind of page")
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from archivist.records.models import Authority, Document
    from archivist.web import counts

    setup_test_environment()
    started = time.perf_counter()
    counts.ensure_fresh()
    print(f"count tables built in {time.perf_counter() - started:.1f} s "
          f"({Document.objects.count()} documents)")
    rng = random.Random(SEED)
    top = Document.objects.order_by("-id").values_list("id", flat=True).first()
    keys = {kind: list(Authority.objects.filter(kind=kind).values_list("key", flat=True))
            for kind in ("person", "place", "topic", "subject", "archive")}
    busiest = (Authority.objects.filter(kind="person").order_by("-count__documents")
               .values_list("key", flat=True).first())
    pages = {
        "document": lambda: f"/documents/{rng.randint(1, top)}",
        "document.json": lambda: f"/documents/{rng.randint(1, top)}.json",
        "home": lambda: "/",
        "people A-Z page": lambda: f"/people?letter={rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}",
        "people all, deep page": lambda: f"/people?page={rng.randint(1, 200)}",
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
    client = Client()
    print(f"{'page':<26}{'wall p50':>9}{'p95':>7}{'max':>7}{'cpu p50':>9}{'p95':>7}  (ms)")
    for name, make_url in pages.items():
        for _ in range(5):
            client.get(make_url())
        wall, cpu = [], []
        for _ in range(args.requests):
            url = make_url()
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        print(f"{name:<26}{_p(wall, 50):>9.1f}{_p(wall, 95):>7.1f}{max(wall):>7.1f}"
              f"{_p(cpu, 50):>9.1f}{_p(cpu, 95):>7.1f}", flush=True)


def _p(values: list[float], percent: int) -> float:
    if percent == 50:
        return statistics.median(values)
    return sorted(values)[max(0, int(len(values) * percent / 100) - 1)]


if __name__ == "__main__":
    main()
