"""The archive side of the load benchmark, run in a child process with ARCHIVIST_HOME set.

`describe` prints what the workload needs (samples of record IDs and authority keys, the years) and
the archive's size, so the run can check that `clean` left it as it found it. `clean CORPUS` removes
what ingesting CORPUS added: its documents (by record ID) and the authority records named only by
them, through the outbox, then brings the search index and browse tables up to date.

Usage: ARCHIVIST_HOME=... python -m bench.load.archive describe | size | clean CORPUS.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from bench.load.workload import KIND_OF_FACET

SAMPLE_DOCUMENTS = 20_000
SAMPLE_KEYS = 2_000
NAMED_KINDS = ("person", "organization", "place", "topic")  # what the ingest corpus names
CHUNK = 500
INDEX_WAIT = 600  # seconds: a server's outbox worker may be holding the index's writer


def describe() -> dict:
    """Samples for the workload and the archive's size; fixed seed, so the same archive gives the same."""
    from django.db.models import Max, Min

    from archivist.outbox import catch_up
    from archivist.records.models import Authority, Document

    catch_up(wait=INDEX_WAIT)
    refresh_outbox_statistics()
    rng = random.Random(11)
    published = Document.objects.filter(status="published")
    bounds = published.aggregate(low=Min("pk"), high=Max("pk"),
                                 first=Min("date_earliest"), last=Max("date_earliest"))
    pks = sorted({rng.randint(bounds["low"], bounds["high"]) for _ in range(SAMPLE_DOCUMENTS)})
    record_ids = [rid for chunk in _chunks(pks)
                  for rid in published.filter(pk__in=chunk).values_list("record_id", flat=True)]
    keys = {}
    for facet, kind in KIND_OF_FACET.items():
        named = list(Authority.objects.filter(kind=kind, count__documents__gt=0)
                     .order_by("key").values_list("key", flat=True))
        keys[facet] = sorted(rng.sample(named, min(SAMPLE_KEYS, len(named))))
    titles = published.filter(pk__in=pks[:2000]).values_list("title", flat=True)
    words = sorted({word.lower() for title in titles for word in title.split()
                    if len(word) > 4 and word.isalpha()})
    return {**size(), "record_ids": record_ids, "keys": keys, "words": words,
            "years": [bounds["first"].year, bounds["last"].year]}


def refresh_outbox_statistics() -> None:
    """ANALYZE the outbox table on SQLite. bench/web/generate.py ran ANALYZE when the outbox held one
    row; after each run adds 40,000, the planner, believing that one row, scans the whole table for
    "rows after the index's position" (35 ms a search at 600,000 rows) instead of seeking by id. An
    archive that never ran ANALYZE has no such statistics and seeks."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE records_change")


def size() -> dict:
    """What `clean` must bring back: documents, authority records, documents in the search index."""
    from archivist.records.models import Authority, Document

    return {"documents": Document.objects.count(),
            "published": Document.objects.filter(status="published").count(),
            "authorities": Authority.objects.count(), "index_documents": _index_documents()}


def _index_documents() -> int:
    from archivist.search.indexer import reader

    searcher, _ = reader().current()
    return searcher.num_docs


def clean(corpus: Path) -> dict:
    """Remove the corpus's documents and the authority records only they named; returns counts."""
    from django.db import transaction

    from archivist.outbox import catch_up
    from archivist.records.models import Authority, Change, Document, Link

    record_ids, names = _corpus_contents(corpus)
    deleted = 0
    with transaction.atomic():
        for chunk in _chunks(record_ids):
            present = list(Document.objects.filter(record_id__in=chunk).values_list("record_id", flat=True))
            if present:
                Document.objects.filter(record_id__in=present).delete()
                Change.objects.bulk_create(Change(record_id=rid, action=Change.Action.DELETE)
                                           for rid in present)
                deleted += len(present)
        orphans = []
        for chunk in _chunks(sorted(names)):
            named = list(Authority.objects.filter(kind__in=NAMED_KINDS, sort_name__in=chunk)
                         .values_list("pk", flat=True))
            linked = set(Link.objects.filter(authority_id__in=named).values_list("authority_id", flat=True))
            orphans += [pk for pk in named if pk not in linked]
        for chunk in _chunks(orphans):
            Authority.objects.filter(pk__in=chunk).delete()
    catch_up(wait=INDEX_WAIT)
    refresh_outbox_statistics()
    return {"documents_deleted": deleted, "authorities_deleted": len(orphans)}


def _corpus_contents(corpus: Path) -> tuple[list[str], set[str]]:
    record_ids, names = [], set()
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            record_ids.append(record["record_id"])
            for field in ("authors", "associated_people_and_organizations", "associated_places",
                          "associated_topics"):
                names.update(record.get(field, ()))
    return record_ids, names


def _chunks(values: list, size: int = CHUNK) -> list[list]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def main() -> None:
    from archivist.bootstrap import open_archive

    open_archive()
    if sys.argv[1:] == ["describe"]:
        print(json.dumps(describe()))
    elif sys.argv[1:] == ["size"]:
        print(json.dumps(size()))
    elif len(sys.argv) == 3 and sys.argv[1] == "clean":
        print(json.dumps(clean(Path(sys.argv[2]))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
