"""Server time of the three pictures' data (issue #16: at most 200 ms at 1,000,000 documents).

Each picture's JSON twin is requested through Django's test client (middleware, view, service,
JSON; no socket) for several searches, after a warm-up; p50 and p95 in milliseconds of wall-clock time
and of this process's CPU time, per picture and search. Searches cycle through a few values each
(people, places, words, decades) so no one answer is merely cached. Results also go to a JSON file.

Usage: ARCHIVIST_HOME=/work/pictures-bench .venv/bin/python -m bench.pictures.run [--requests 40]
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

PICTURES = ("timeline", "map", "network")


def searches(busiest: list[str], places: list[str]) -> dict[str, list[str]]:
    """Query strings of each kind of search, cycled through."""
    return {
        "every document": [""],
        "a frequent word": ["q=treaty", "q=embassy", "q=minister"],
        "a title word": ["q=title:aviation", "q=title:credit", "q=title:border"],
        "a busy person": [f"people=person/{key}" for key in busiest],
        "a place": [f"places=place/{key}" for key in places],
        "a decade": ["from=1950&to=1959", "from=1960&to=1969", "from=1970&to=1979"],
        "word + place + years": [f"q=cable&places=place/{key}&from=1960&to=1975" for key in places],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per picture and search")
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from archivist.pictures.scope import Scope, count
    from archivist.records.models import Document
    from archivist.search.facets import top_values

    setup_test_environment()
    everything = Scope().found()
    busiest = [value.split("/", 1)[1] for value, _ in
               top_values(everything.searcher, everything.cache, everything.query, "people", 3,
                          count(everything))]
    places = ["place-7", "place-1234", "place-2999"]
    documents = Document.objects.filter(status="published").count()
    client = Client()
    print(f"{documents} published documents")
    print(f"{'picture':<10}{'search':<24}{'wall p50':>9}{'p95':>7}{'max':>7}{'cpu p50':>9}{'p95':>7}  (ms)")
    figures = []
    for picture in PICTURES:
        for name, queries in searches(busiest, places).items():
            urls = itertools.cycle(f"/{picture}.json?{query}" for query in queries)
            for _ in range(len(queries) * 2):
                _get(client, next(urls))
            wall, cpu = [], []
            for _ in range(args.requests):
                url = next(urls)
                start, start_cpu = time.perf_counter(), time.process_time()
                _get(client, url)
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            row = {"picture": picture, "search": name, "wall_p50": _p(wall, 50), "wall_p95": _p(wall, 95),
                   "wall_max": max(wall), "cpu_p50": _p(cpu, 50), "cpu_p95": _p(cpu, 95)}
            figures.append(row)
            print(f"{picture:<10}{name:<24}{row['wall_p50']:>9.1f}{row['wall_p95']:>7.1f}{row['wall_max']:>7.1f}"
                  f"{row['cpu_p50']:>9.1f}{row['cpu_p95']:>7.1f}", flush=True)
    if args.output:
        args.output.write_text(json.dumps({"documents": documents, "requests": args.requests,
                                           "figures": figures}, indent=1) + "\n")


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def _p(values: list[float], percent: int) -> float:
    if percent == 50:
        return round(statistics.median(values), 1)
    return round(sorted(values)[max(0, int(len(values) * percent / 100) - 1)], 1)


if __name__ == "__main__":
    main()
