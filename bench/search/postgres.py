"""Search on PostgreSQL beside SQLite: the same index, the same 200 queries, the service and /search.json.

The index does not depend on the database (bench/search/run.py `build` writes it straight from the
generator); the service reads the database for the facet values' labels and the outbox rows the
index does not hold yet. So one built index is shared, by hard links, by two homes: one whose
database is SQLite and one whose database is PostgreSQL, both holding the generator's authority
records. `measure` times the service (top 20; top 20 with eight exact facets) in --rounds rounds and
/search.json through `archivist serve` over HTTP, per query class, on the database the environment
names; `compare` puts two results side by side with each class's p95 ratio.

    .venv/bin/python -m bench.search.postgres link --from /tmp/bench-1m --home /tmp/search-sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python -m bench.search.postgres link --from /tmp/bench-1m --home /tmp/search-pg
    .venv/bin/python -m bench.search.postgres measure --home /tmp/search-sqlite --rounds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python -m bench.search.postgres measure --home /tmp/search-pg --rounds 5
    .venv/bin/python -m bench.search.postgres compare
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEPT = ("build.json", "frequent-words.txt")  # what a built home holds besides its index and database
MOST = 1.5


def _open(home: Path) -> None:
    """The archive at `home`, on the database DATABASE_URL names (SQLite in `home` without one)."""
    os.environ["ARCHIVIST_HOME"] = str(home)
    if (home / "frequent-words.txt").exists():  # the index's frequent-word pairs, as run.py sets them
        os.environ["ARCHIVIST_FREQUENT_WORDS"] = str(home / "frequent-words.txt")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    from archivist.bootstrap import open_archive

    open_archive()


def link(source: Path, home: Path) -> None:
    """A home sharing `source`'s index (hard links: Tantivy never rewrites a file it wrote) with the
    generator's authority records in its own database."""
    from bench.search.generate import Archive
    from bench.search.run import _store_authorities

    home.mkdir(parents=True)
    (home / "index").mkdir()
    for item in (source / "index").iterdir():
        if item.is_file() and not item.name.endswith(".lock"):
            os.link(item, home / "index" / item.name)
    for name in KEPT:
        if (source / name).exists():
            shutil.copy(source / name, home / name)
    _open(home)
    _store_authorities(Archive())


def measure(home: Path, rounds: int) -> dict:
    _open(home)
    from django.db import connection

    from archivist.search.service import search
    from bench.search.generate import Archive, queries
    from bench.search.run import _report, _timed
    from bench.web.server import load_average

    items = queries(Archive())

    def service(facets: bool):
        def run(item) -> None:
            search(item.q, filters=item.filters, date_from=item.date_from, date_to=item.date_to,
                   with_facets=facets)
        return run

    runs = {"service_top20": service(False), "service_top20_facets": service(True)}
    database = connection.vendor
    report = {"build": json.loads((home / "build.json").read_text()), "database": database,
              "queries": len(items), "rounds": rounds, "load_average_before": load_average()}
    for function in runs.values():
        _timed(function, items, 1)  # warm
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    for _ in range(rounds):
        for name, function in runs.items():
            for kind, samples in _timed(function, items, 1).items():
                times[name].setdefault(kind, []).extend(samples)
    for name in runs:
        report[name] = _report(times[name])
        print(name, json.dumps(report[name]["all"]), flush=True)
    connection.close()
    report["http_search_json"], report["server_memory"] = _http(items, rounds)
    print("http_search_json", json.dumps(report["http_search_json"]["all"]), flush=True)
    report["load_average_after"] = load_average()
    out = HERE / f"results-{report['build']['docs']}-{database}.json"
    out.write_text(json.dumps(report, indent=2))
    return report


def _http(items, rounds: int) -> tuple[dict, list[dict]]:
    import requests

    from bench.search.run import _report, _timed
    from bench.web.server import HOST, running_server, server_memory

    with running_server(2, 4) as (port, process), requests.Session() as session:
        def fetch(item) -> None:
            pairs = [("q", item.q), ("from", item.date_from), ("to", item.date_to)]
            pairs += [(name, v) for name, values in item.filters.items() for v in values]
            response = session.get(f"http://{HOST}:{port}/search.json?" + urllib.parse.urlencode(pairs),
                                   timeout=60)
            response.raise_for_status()
            response.json()

        _timed(fetch, items, 1)  # warm
        figures = _report(_timed(fetch, items, rounds))
        return figures, server_memory(process.pid)  # the index's pages a worker read count in its RSS


def compare(docs: int) -> dict:
    """PostgreSQL's p95 over SQLite's, per configuration and query class, with the classes over MOST."""
    sqlite = json.loads((HERE / f"results-{docs}-sqlite.json").read_text())
    postgres = json.loads((HERE / f"results-{docs}-postgresql.json").read_text())
    out = {}
    for name in ("service_top20", "service_top20_facets", "http_search_json"):
        rows = {}
        for kind, before in sqlite[name].items():
            after = postgres[name][kind]
            rows[kind] = {"sqlite_p50": before["p50"], "sqlite_p95": before["p95"],
                          "postgresql_p50": after["p50"], "postgresql_p95": after["p95"],
                          "p95_ratio": round(after["p95"] / max(before["p95"], 0.1), 2)}
        out[name] = {"classes": rows, "over": sorted(k for k, r in rows.items() if r["p95_ratio"] > MOST)}
        for kind, row in rows.items():
            print(f"{name:<22}{kind:<12}" + "".join(f"{v:>10}" for v in row.values()))
    (HERE / f"results-{docs}-postgresql-vs-sqlite.json").write_text(json.dumps(out, indent=2))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("link", "measure", "compare"))
    parser.add_argument("--home", type=Path)
    parser.add_argument("--from", dest="source", type=Path, help="a home bench/search/run.py built")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--docs", type=int, default=1_000_000, help="which results to compare")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.action == "link":
        link(args.source, args.home)
    elif args.action == "measure":
        measure(args.home, args.rounds)
    else:
        compare(args.docs)


if __name__ == "__main__":
    main()
