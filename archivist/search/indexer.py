"""Keeps the index in step with the database by applying the outbox (records.Change) in order.

The position (id of the last applied Change) is a document in the index, replaced in the same
Tantivy commit as the batch it closes, so the index and its position always change together: a
crash before the commit leaves both as they were and the next sync applies the batch again. Each
change is applied as "make the index match the database now" (delete by record ID, then add the
published document if there is one), so applying a change twice does no harm.

On PostgreSQL, ids are drawn before commit, so a transaction may still commit an id below one already
visible. Sync therefore first takes the outbox table in SHARE mode for an instant: that waits for
the transactions writing to it, so every id up to the maximum it then sees is final.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import tantivy

from archivist.search.documents import indexed_documents, position_document
from archivist.search.schema import POSITION_ID, SCHEMA, open_index, reader

BATCH = 2000
WRITER_HEAP = 100_000_000  # per thread, for the outbox's batches
# Tantivy tokenizes in its writer threads; a second one nearly halves indexing time on two cores.
THREADS = 2
# A rebuild writes one thread's large segments (Tantivy takes the memory as it needs it): fewer segments
# make every search cheaper, facet counts most, as each segment's counts are merged by value.
REBUILD_HEAP, REBUILD_THREADS = 2_000_000_000, 1


def position(index: tantivy.Index | None = None) -> int:
    """Id of the last outbox row the index has applied; 0 for a new index."""
    index = index or open_index()
    index.reload()
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(SCHEMA, "record_id", POSITION_ID), 1).hits
    return searcher.doc(hits[0][1])["position"][0] if hits else 0


def position_of(searcher: tantivy.Searcher) -> int:
    """Id of the last outbox row applied in the commit a searcher reads (position() reloads first)."""
    hits = searcher.search(tantivy.Query.term_query(SCHEMA, "record_id", POSITION_ID), 1).hits
    return searcher.doc(hits[0][1])["position"][0] if hits else 0


@contextmanager
def writing(index: tantivy.Index, threads: int = THREADS,
            heap: int = WRITER_HEAP) -> Iterator[tantivy.IndexWriter]:
    """The index's writer (one per index at a time); on error nothing uncommitted is kept, and the
    lock is released on leaving even while the caller still holds the object.

    (tantivy's own `with writer:` commits even when the block raises, hence this.)
    """
    writer = index.writer(heap * threads, threads)
    try:
        yield writer
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.wait_merging_threads()


def sync(batch_size: int = BATCH, progress: Callable[[int, int], None] | None = None) -> int:
    """Apply the outbox rows the index has not seen; returns how many were applied."""
    from archivist.records.models import Change

    index = open_index()
    done, end = position(index), settled_end()
    applied = 0
    with writing(index) as writer:
        while done < end:
            changes = list(Change.objects.filter(id__gt=done, id__lte=end).order_by("id")
                           .values_list("id", "record_id")[:batch_size])
            if not changes:
                break
            _apply(writer, [record_id for _, record_id in changes])
            done = changes[-1][0]
            writer.delete_documents_by_term("record_id", POSITION_ID)
            writer.add_document(position_document(done))
            writer.commit()
            applied += len(changes)
            if progress:
                progress(done, applied)
    index.reload()
    return applied


def catch_up() -> int:
    """Sync if the outbox has rows the index has not applied (an admin edit, a judged link); a sync
    already running in another process is left to finish the job. Called before interactive
    searches, so they see every change; costs one indexed query when there is nothing to do."""
    from archivist.records.models import Change

    _, cache = reader().current()
    if "position" not in cache:
        cache["position"] = position()
    if not Change.objects.filter(id__gt=cache["position"]).exists():
        return 0
    try:
        return sync()
    except ValueError as error:  # tantivy: another IndexWriter holds the lock
        if "LockBusy" not in str(error):
            raise
        return 0


def settled_end() -> int:
    """The highest outbox id at or below which no transaction can still add a row."""
    from django.db import connection, transaction
    from django.db.models import Max

    from archivist.records.models import Change

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{Change._meta.db_table}" IN SHARE MODE')
        return Change.objects.aggregate(top=Max("id"))["top"] or 0


def _apply(writer: tantivy.IndexWriter, record_ids: list[str]) -> None:
    from archivist.records.models import Document

    wanted = list(dict.fromkeys(record_ids))
    for record_id in wanted:
        writer.delete_documents_by_term("record_id", record_id)
    for document in indexed_documents(Document.objects.filter(record_id__in=wanted)):
        writer.add_document(document.to_index())


def reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database in one commit; returns the documents indexed."""
    index = open_index(replace_outdated=True)
    top = settled_end()
    from archivist.records.models import Document

    ids = list(Document.objects.filter(status=Document.Status.PUBLISHED).order_by("id")
               .values_list("id", flat=True))
    count = 0
    with writing(index, REBUILD_THREADS, REBUILD_HEAP) as writer:
        writer.delete_all_documents()
        for start in range(0, len(ids), BATCH):
            for document in indexed_documents(Document.objects.filter(id__in=ids[start:start + BATCH])):
                writer.add_document(document.to_index())
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
        writer.add_document(position_document(top))
        writer.commit()
    index.reload()
    return count
