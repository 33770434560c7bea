"""Ingest benchmark: documents per second into SQLite and PostgreSQL, and seconds per FRUS volume.

Generates the deterministic corpus (bench/ingest/generate.py), then, for each database, imports it
into a fresh archive in a separate process and times: the first import (one transaction), bringing
the search index up to date from the outbox, a second import of the same file (all unchanged), and
each bundled FRUS volume (parse, store, index). Beside the index step, in the same process, raw
Tantivy indexes the same documents' field values with the same schema and writer settings, read
from the archive beforehand (bench/ingest/raw.py), once before the index step and once after it, so
that the ratio of the two holds on a shared machine whose speed drifts. The CPU times (this process
only, Tantivy's threads included: on PostgreSQL the server's work is not in it) and the machine's
load average are kept too. Results go to bench/ingest/results-N.json.

Usage: python bench/ingest/run.py [--documents 20000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FRUS = [ROOT / "archivist" / "demo" / "data" / name
        for name in ("frus1961-63v06.xml", "frus1964-68v29p2.xml")]


def worker(corpus: Path) -> dict:
    """Runs inside the child process, whose environment names the archive."""
    from archivist.bootstrap import open_archive

    open_archive()
    from django.db import connection
    from raw import index_raw, prepared_values

    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records
    from archivist.ingest.tei import read_tei
    from archivist.search.indexer import sync

    cpu: list[float] = []

    def timed(action):
        start, start_cpu = time.perf_counter(), time.process_time()
        value = action()
        cpu.append(time.process_time() - start_cpu)
        return value, time.perf_counter() - start

    errors: list[str] = []

    def index() -> float | None:
        """Seconds to apply the outbox to the search index; None (and the error kept) if it fails."""
        try:
            return timed(sync)[1]
        except Exception as error:  # the benchmark reports a broken indexer instead of stopping
            errors.append(f"{type(error).__name__}: {error}")
            return None

    report, first = timed(lambda: store_records(corpus, read_json_records(corpus)))
    import_cpu = cpu[-1]
    load = [os.getloadavg()[0]]
    values = prepared_values()
    scratch = Path(os.environ["ARCHIVIST_HOME"])
    raw = [index_raw(values, scratch / "raw-index-before")]
    indexing = index()
    index_cpu = cpu[-1]
    raw.append(index_raw(values, scratch / "raw-index-after"))
    load.append(os.getloadavg()[0])
    del values
    raw_seconds = sum(r["seconds"] for r in raw) / len(raw)
    again, second = timed(lambda: store_records(corpus, read_json_records(corpus)))
    documents = report.kinds["documents"]
    result = {
        "database": connection.vendor, "documents": documents,
        "import_seconds": round(first, 2), "import_docs_per_s": round(documents / first),
        "import_cpu_seconds": round(import_cpu, 2), "load_average": load,
        "index_seconds": _round(indexing),
        "index_docs_per_s": None if indexing is None else round(documents / indexing),
        "index_cpu_seconds": round(index_cpu, 2),
        "raw_tantivy": raw, "raw_tantivy_seconds": round(raw_seconds, 2),
        "index_vs_raw": None if indexing is None else round(indexing / raw_seconds, 2),
        "import_and_index_docs_per_s": None if indexing is None else round(documents / (first + indexing)),
        "reimport_unchanged": again.counts["unchanged"], "reimport_seconds": round(second, 2),
        "reimport_docs_per_s": round(documents / second), "frus": {}, "index_errors": errors,
    }
    for path in FRUS:
        volume, store = timed(lambda p=path: store_records(p, read_tei(p)))
        indexing = index()
        result["frus"][path.stem] = {
            "documents": volume.kinds["documents"], "import_seconds": round(store, 2),
            "import_and_index_seconds": None if indexing is None else round(store + indexing, 2)}
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def run_in_child(corpus: Path, env: dict[str, str]) -> dict:
    output = subprocess.run([sys.executable, __file__, "--worker", str(corpus)], env=env, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fresh_postgres(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="an administrative URL; a scratch database is created and dropped")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--out", type=Path, help="results file (default bench/ingest/results-N.json)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    sys.path.insert(0, str(ROOT / "bench" / "ingest"))
    from generate import write

    with tempfile.TemporaryDirectory() as scratch:
        corpus = write(args.documents, Path(scratch) / "corpus.jsonl")
        results = []
        base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        results.append(run_in_child(corpus, {**base, "ARCHIVIST_HOME": f"{scratch}/sqlite"}))
        if not args.no_postgres:
            name = f"bench_ingest_{os.getpid()}"
            url = fresh_postgres(args.postgres, name)
            try:
                results.append(run_in_child(corpus, {**base, "ARCHIVIST_HOME": f"{scratch}/pg",
                                                     "DATABASE_URL": url}))
            finally:
                drop_postgres(args.postgres, name)
    out = args.out or ROOT / "bench" / "ingest" / f"results-{args.documents}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for result in results:
        print(json.dumps(result))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
