"""Search benchmark: build an index of generated documents, then time 200 mixed queries.

    .venv/bin/python -m bench.search.run build --docs 100000 --home /tmp/bench-100k
    .venv/bin/python -m bench.search.run measure --home /tmp/bench-100k

`build` writes the authority records into the archive's database (the service labels facet values
from it) and the documents straight into ARCHIVIST_HOME/index through IndexedDocument.to_index, the
same mapping the indexer uses, so a million documents need no million database rows. `measure` times
each query through the search service (top 20 with and without facet counts), through /search.json
of `archivist serve` over HTTP, and on raw Tantivy (its query parser, top 20, and its terms
aggregation for 3 and for all 8 facets). Results go to stdout and bench/search/results-<docs>.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
FREQUENT_WORDS = "frequent-words.txt"
ROOT = HERE.parent.parent


def _open(home: Path) -> None:
    os.environ["ARCHIVIST_HOME"] = str(home)
    os.environ["ARCHIVIST_FREQUENT_WORDS"] = str(home / FREQUENT_WORDS)  # before the schema is built
    os.environ.pop("DATABASE_URL", None)
    from archivist.bootstrap import open_archive

    open_archive()


CHUNK = 500  # documents a worker generates and maps at a time
_worker_archive = None


def _start_worker() -> None:
    from bench.search.generate import Archive

    global _worker_archive
    _worker_archive = Archive()


def _index_documents(numbers: range) -> list:
    """Generated documents as the index takes them (Tantivy's documents pickle): made in a worker, as
    the generator and the mapping, in Python, are most of the build's time."""
    return [_worker_archive.document(number).to_index() for number in numbers]


def build(docs: int, home: Path, workers: int = 1) -> dict:
    from bench.search.generate import Archive

    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    archive = Archive()
    archive.write_frequent_words(home / FREQUENT_WORDS)
    _open(home)
    _store_authorities(archive)
    from archivist.search.documents import position_document
    from archivist.search.indexer import REBUILD_HEAP, REBUILD_THREADS, writing
    from archivist.search.schema import index_dir, open_index

    index = open_index()
    started = time.perf_counter()
    chunks = (range(first, min(first + CHUNK, docs)) for first in range(0, docs, CHUNK))
    # Forked before the writer's threads start; chunks come back in order, so the index is the same.
    with (multiprocessing.get_context("fork").Pool(workers, _start_worker) as pool,
          writing(index, REBUILD_THREADS, REBUILD_HEAP) as writer):  # as `archivist reindex` writes it
        added = 0
        for chunk in pool.imap(_index_documents, chunks, chunksize=1):
            for document in chunk:
                writer.add_document(document)
            added += len(chunk)
            if added % 50_000 == 0:
                print(f"{added} documents, {time.perf_counter() - started:.0f} s", flush=True)
        writer.add_document(position_document(0))
        writer.commit()
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in index_dir().rglob("*") if f.is_file())
    index.reload()
    report = {"docs": docs, "build_seconds": round(seconds, 1), "index_bytes": size,
              "segments": index.searcher().num_segments}
    (home / "build.json").write_text(json.dumps(report))
    print(json.dumps(report), flush=True)
    return report


def _store_authorities(archive) -> None:
    from archivist.records.models import Authority, VariantName

    rows = [Authority(kind=a.kind, key=a.key, sort_name=a.name, display_name=a.name)
            for a in archive.authorities()]
    Authority.objects.bulk_create(rows, batch_size=2000)
    by_key = {(a.kind, a.key): a.pk for a in Authority.objects.only("kind", "key", "pk")}
    VariantName.objects.bulk_create(
        [VariantName(authority_id=by_key[a.kind, a.key], name=v, origin="generated")
         for a in archive.authorities() for v in a.variants], batch_size=2000)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "mean": round(statistics.mean(ordered) * 1000, 1), "n": len(ordered)}


def _timed(function, items, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            function(item)
            times.setdefault(item.kind, []).append(time.perf_counter() - started)
    return times


def _report(times: dict[str, list[float]]) -> dict:
    out = {kind: _percentiles(samples) for kind, samples in times.items()}
    out["all"] = _percentiles([s for samples in times.values() for s in samples])
    return out


def _raw(index, schema, facets: tuple[str, ...], exact: bool = False, snippets: bool = False):
    """Raw Tantivy as a developer would use it directly: its query parser, top 20, terms aggregation
    (by default with Tantivy's per-segment list size, whose merged counts may be approximate; `exact`
    asks every segment for all its values, as the service does), and with `snippets` Tantivy's own
    snippet generator over each hit's body, as the service makes a snippet for each hit."""
    sizes = {"size": 10, "segment_size": 100_000} if exact else {"size": 10}
    import tantivy

    from archivist.search.schema import stored_field

    fields = {"title": 3.0, "summary": 2.0, "names": 1.5, "body": 1.0}

    def run(item) -> None:
        text = item.q
        for name, values in item.filters.items():
            text += " (" + " OR ".join(f'f_{name}:"{v}"' for v in values) + ")"
        query = index.parse_query(text, list(fields), field_boosts=fields,
                                  conjunction_by_default=True)
        if item.date_from:
            low = int(item.date_from)
            years = tantivy.Query.range_query(schema, "year_number", tantivy.FieldType.Integer,
                                              low, int(item.date_to))
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, years)])
        searcher = index.searcher()
        result = searcher.search(query, 20, count=True)
        docs = [searcher.doc(address) for _, address in result.hits]
        if snippets:
            generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
            generator.set_max_num_chars(240)
            for doc in docs:  # the body is stored as bytes beside its indexed form
                body = tantivy.Document(body=doc.get_first(stored_field("body")).decode())
                generator.snippet_from_doc(body).to_html()
        if facets:
            searcher.aggregate(query, {f: {"terms": {"field": f"f_{f}", **sizes}} for f in facets})

    return run


EIGHT_FACETS = ("people", "places", "topics", "subjects", "languages", "archives", "decade", "year")
# The 1.5x rule compares each service configuration with raw Tantivy doing the same job (top 20 with
# the count; the same eight facets counted exactly), once without snippets and once with Tantivy's
# snippet generator making them as the service does.
COMPARED = (("service_top20", "raw_top20"), ("service_top20", "raw_top20_snippets"),
            ("service_top20_facets", "raw_top20_8facets_exact"),
            ("service_top20_facets", "raw_top20_8facets_exact_snippets"))
MOST = 1.5


def _ratios(report: dict) -> dict:
    """p95 of the service over p95 of raw Tantivy, per query class, with the classes over MOST."""
    out = {}
    for service, raw in COMPARED:
        ratios = {kind: round(report[service][kind]["p95"] / max(report[raw][kind]["p95"], 0.1), 2)
                  for kind in report[service]}
        out[f"{service} / {raw}"] = {"p95_ratio": ratios,
                                     "over": sorted(kind for kind, ratio in ratios.items() if ratio > MOST)}
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http(items, home: Path, rounds: int) -> dict:
    port = _free_port()
    env = {**os.environ, "ARCHIVIST_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "archivist"), "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/search.json?"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "q=x", timeout=60).read()
                break
            except OSError:
                time.sleep(0.2)

        def fetch(item) -> None:
            pairs = [("q", item.q), ("from", item.date_from), ("to", item.date_to)]
            pairs += [(name, v) for name, values in item.filters.items() for v in values]
            with urllib.request.urlopen(base + urllib.parse.urlencode(pairs), timeout=60) as response:
                json.loads(response.read())

        _timed(fetch, items, 1)  # warm
        return _report(_timed(fetch, items, rounds))
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(home: Path, rounds: int) -> dict:
    _open(home)
    from archivist.search.schema import SCHEMA, open_index
    from archivist.search.service import search
    from bench.search.generate import Archive, frequent_word_phrases, queries

    index = open_index()
    items = queries(Archive())
    build_report = json.loads((home / "build.json").read_text())

    def service(facets: bool):
        def run(item) -> None:
            search(item.q, filters=item.filters, date_from=item.date_from, date_to=item.date_to,
                   with_facets=facets)
        return run

    runs = {
        "service_top20": service(False),
        "service_top20_facets": service(True),
        "raw_top20": _raw(index, SCHEMA, ()),
        "raw_top20_snippets": _raw(index, SCHEMA, (), snippets=True),
        "raw_top20_3facets": _raw(index, SCHEMA, ("people", "places", "topics")),
        "raw_top20_3facets_exact": _raw(index, SCHEMA, ("people", "places", "topics"), exact=True),
        "raw_top20_8facets": _raw(index, SCHEMA, EIGHT_FACETS),
        "raw_top20_8facets_exact": _raw(index, SCHEMA, EIGHT_FACETS, exact=True),
        "raw_top20_8facets_exact_snippets": _raw(index, SCHEMA, EIGHT_FACETS, exact=True, snippets=True),
    }
    report = {"build": build_report, "queries": len(items), "rounds": rounds}
    for function in runs.values():
        _timed(function, items, 1)  # warm the page cache and the searcher
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    for _ in range(rounds):  # configurations take turns, so that a slower minute of a shared machine
        for name, function in runs.items():  # falls on all of them
            for kind, samples in _timed(function, items, 1).items():
                times[name].setdefault(kind, []).extend(samples)
    for name in runs:
        report[name] = _report(times[name])
        print(name, json.dumps(report[name]["all"]), flush=True)
    report["p95_ratios"] = _ratios(report)
    print("p95_ratios", json.dumps(report["p95_ratios"]), flush=True)
    report["frequent_word_phrases"] = _phrases(index, frequent_word_phrases(Archive()), rounds)
    report["http_search_json"] = _http(items, home, rounds)
    print("http_search_json", json.dumps(report["http_search_json"]["all"]), flush=True)
    out = HERE / f"results-{build_report['docs']}.json"
    out.write_text(json.dumps(report, indent=2))
    return report


def _phrases(index, items, rounds: int) -> dict:
    """Phrases of frequent words and hostile queries (generate.frequent_word_phrases), per class: the
    service as it is (phrases of frequent words searched as indexed pairs, archivist.search.pairs) and
    as it was (word positions: the pairs left unused), beside raw Tantivy making the same page with
    either query (its parser over the words' fields with the service's boosts; the pair terms)."""
    from contextlib import contextmanager

    from django.conf import settings

    from archivist.search import query as query_module
    from archivist.search.schema import SCHEMA
    from archivist.search.service import FACETS_LEFT_OUT, search

    @contextmanager
    def words_only():
        """The service before the pairs: word positions, and no time budget for the facets."""
        pairs_of, budget = query_module._pairs_of, settings.SEARCH_FACET_BUDGET_MS
        query_module._pairs_of, settings.SEARCH_FACET_BUDGET_MS = (lambda clause: None), 0
        try:
            yield
        finally:
            query_module._pairs_of, settings.SEARCH_FACET_BUDGET_MS = pairs_of, budget

    left_out: dict[str, int] = {}  # searches of each class answered without their facets (the budget)

    def service(facets: bool, pairs: bool = True):
        def run(item) -> None:
            if pairs:
                if FACETS_LEFT_OUT in search(item.q, with_facets=facets).notices:
                    left_out[item.kind] = left_out.get(item.kind, 0) + 1
                return
            with words_only():
                search(item.q, with_facets=facets)
        return run

    def raw_pairs(item) -> None:  # the pairs' query as the service makes it, on raw Tantivy
        parsed = query_module.parse(item.q)
        query = query_module.to_tantivy(parsed, ranked=True)
        searcher = index.searcher()
        for _, address in searcher.search(query, 20, count=True).hits:
            searcher.doc(address)

    runs = {"service_top20": service(False), "service_top20_facets": service(True),
            "service_top20_before": service(False, pairs=False),
            "service_top20_facets_before": service(True, pairs=False),
            "raw_top20_words": _raw(index, SCHEMA, ()), "raw_top20_pairs": raw_pairs}
    for function in runs.values():
        _timed(function, items, 1)  # warm
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    for _ in range(rounds):
        for name, function in runs.items():
            for kind, samples in _timed(function, items, 1).items():
                times[name].setdefault(kind, []).extend(samples)
    report = {name: _report(samples) for name, samples in times.items()}
    report["service_top20_facets"]["left_out"] = left_out  # over the warm pass and the rounds
    for name, figures in report.items():
        print("frequent_word_phrases", name, json.dumps(figures), flush=True)
    return report


def phrases(home: Path, rounds: int) -> dict:
    """Only the phrases of frequent words, into results-<docs>-phrases.json."""
    _open(home)
    from archivist.search.schema import open_index
    from bench.search.generate import Archive, frequent_word_phrases

    build_report = json.loads((home / "build.json").read_text())
    report = {"build": build_report, "rounds": rounds,
              "frequent_word_phrases": _phrases(open_index(), frequent_word_phrases(Archive()), rounds)}
    (HERE / f"results-{build_report['docs']}-phrases.json").write_text(json.dumps(report, indent=2))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("build", "measure", "phrases"))
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="processes generating documents (build)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.action == "build":
        build(args.docs, args.home, args.workers)
    elif args.action == "phrases":
        phrases(args.home, args.rounds)
    else:
        measure(args.home, args.rounds)


if __name__ == "__main__":
    main()
