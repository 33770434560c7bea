"""Keeps the index in step with the database by applying the outbox (records.Change) in order.

The position (id of the last applied Change) is a document in the index, replaced in the same
Tantivy commit as the batch it closes, so the index and its position always change together: a
crash before the commit leaves both as they were and the next sync applies the batch again. Each
change is applied as "make the index match the database now" (delete by record ID, then add the
published document if there is one), so applying a change twice does no harm.

On PostgreSQL, ids are drawn before commit, so a transaction may still commit an id below one already
visible. Sync therefore first takes the outbox table in SHARE mode for an instant: that waits for
the transactions writing to it, so every id up to the maximum it then sees is final. (On SQLite one
transaction writes at a time and commits its ids in order: a plain read is final.)

One process writes the index at a time (Tantivy's writer lock). A sync that meets another process's
writer (a sync, a reindex, an import's catch-up) or, on PostgreSQL, an import still adding to the
outbox, waits up to `wait` seconds, then raises IndexBehind saying how many changes are pending;
nothing is lost, the next sync applies them.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import tantivy

from archivist.search.documents import indexed_documents, indexed_records, position_document
from archivist.search.schema import POSITION_ID, SCHEMA, open_index, reader

# Outbox rows applied in one commit, and read from the database in parts of READ documents (each part read
# while the previous one is being indexed). Every commit makes segments that Tantivy merges later and
# gives every search process a new reader to warm: 10,000 documents cost a fifth less CPU in one commit
# than in five.
BATCH, READ = 10_000, 2000
WRITER_HEAP = 100_000_000  # per thread, for the outbox's batches
# Tantivy tokenizes in its writer threads; a second one nearly halves indexing time on two cores.
THREADS = 2
# A rebuild writes one thread's large segments (Tantivy takes the memory as it needs it): fewer segments
# make every search cheaper, facet counts most, as each segment's counts are merged by value.
REBUILD_HEAP, REBUILD_THREADS = 2_000_000_000, 1
WAIT = 30.0  # seconds the commands wait for another process's writer before saying the index is behind
POLL = 0.2  # seconds between two tries of a writer held by another process
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code for a lock_timeout reached
# Even a sync that will not wait gives the outbox's writers this long: a curator's edit commits well
# within it, so only an import still being stored makes a sync give up.
OUTBOX_WAIT_MIN = 1.0

log = logging.getLogger(__name__)


class IndexBusy(RuntimeError):
    """Another process kept the index's writer, or an import the outbox, longer than the caller waits."""


class IndexBehind(IndexBusy):
    """A sync gave up waiting: the index lacks `pending` changes, which the next sync applies."""

    def __init__(self, pending: int, reason: str) -> None:
        self.pending = pending
        super().__init__(f"the search index is {pending} change{'' if pending == 1 else 's'} behind "
                         f"the database: {reason}; the next `archivist sync` applies them")


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
def writing(index: tantivy.Index, threads: int = THREADS, heap: int = WRITER_HEAP,
            wait: float = 0.0) -> Iterator[tantivy.IndexWriter]:
    """The index's writer (one per index at a time), waited for up to `wait` seconds if another
    process holds it (then IndexBusy); on error nothing uncommitted is kept, and the lock is released
    on leaving even while the caller still holds the object.

    (tantivy's own `with writer:` commits even when the block raises, hence this.)
    """
    writer = _writer_when_free(index, threads, heap, time.monotonic() + wait)
    try:
        yield writer
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.wait_merging_threads()


def _writer_when_free(index: tantivy.Index, threads: int, heap: int,
                      deadline: float) -> tantivy.IndexWriter:
    while True:
        try:
            return index.writer(heap * threads, threads)
        except ValueError as error:
            if "LockBusy" not in str(error):
                raise
            if time.monotonic() >= deadline:
                raise IndexBusy("another process (a sync, a reindex or an import) is writing the "
                                "search index") from None
        time.sleep(POLL)


def sync(batch_size: int = BATCH, progress: Callable[[int, int], None] | None = None,
         wait: float = 0.0) -> int:
    """Apply the outbox rows the index has not seen; returns how many were applied. Raises
    IndexBehind if another process keeps the index (or the outbox) busy for over `wait` seconds."""
    index = open_index()
    deadline = time.monotonic() + wait
    try:
        end = settled_end(wait)
        with writing(index, wait=max(deadline - time.monotonic(), 0)) as writer:
            applied = _apply_outbox(index, writer, end, batch_size, progress)
    except IndexBusy as busy:
        raise IndexBehind(changes_behind(index), str(busy)) from None
    index.reload()
    return applied


def changes_behind(index: tantivy.Index | None = None) -> int:
    """How many outbox rows (committed ones) the index has not applied."""
    from archivist.records.models import Change

    return Change.objects.filter(id__gt=position(index)).count()


def _apply_outbox(index: tantivy.Index, writer: tantivy.IndexWriter, end: int, batch_size: int,
                  progress: Callable[[int, int], None] | None) -> int:
    from archivist.records.models import Change

    done = position(index)  # read with the writer held: another process may have moved it meanwhile
    applied = 0
    # Records this sync has indexed: read after every change up to `end` was committed (settled_end),
    # so a later change of theirs up to `end` has nothing to add (an import's second pass over a record).
    indexed: set[str] = set()
    with _InBackground(writer, progress) as background, _no_cycle_collection():
        while done < end:
            changes = list(Change.objects.filter(id__gt=done, id__lte=end).order_by("id")
                           .values_list("id", "record_id")[:batch_size])
            if not changes:
                break
            for start in range(0, len(changes), READ):
                wanted = [record_id for record_id in dict.fromkeys(r for _, r in changes[start:start + READ])
                          if record_id not in indexed]
                indexed.update(wanted)
                background.replace(wanted, _entries(wanted))  # read while the previous part is written
            done = changes[-1][0]
            applied += len(changes)
            background.commit(done, applied)
    return applied


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while batches are read: the rows, texts and entries of a part
    (acyclic, freed by reference counting) made it sweep every object of the process again and again,
    an eighth of the CPU of reading and preparing 10,000 documents."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _InBackground:
    """Writes the index in a thread of its own, in order, while the main thread reads the next part
    from the database: Tantivy indexes in its own threads and releases the GIL while a commit waits for
    them, most of the time. One job at a time, at most one ahead of the reading: the writer is never
    used by two threads, and no more than two parts are in memory."""

    def __init__(self, writer: tantivy.IndexWriter, progress: Callable[[int, int], None] | None) -> None:
        self.writer, self.progress = writer, progress
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="index-writer")
        self.pending: deque[tuple[Future, tuple[int, int] | None]] = deque()

    def __enter__(self) -> _InBackground:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if error is None:
                while self.pending:
                    self._finish_oldest()
        finally:  # on an error, the job under way ends before the writer is rolled back
            self.pool.shutdown(wait=True, cancel_futures=True)

    def replace(self, record_ids: list[str], entries: list[tantivy.Document]) -> None:
        """The records' entries replaced by `entries` (a record without one leaves the index)."""
        self._submit(self._replace, (record_ids, entries), None)

    def commit(self, done: int, applied: int) -> None:
        """Everything replaced so far committed with the position `done`, in one commit."""
        self._submit(self._commit, (done,), (done, applied))

    def _submit(self, job: Callable, args: tuple, reported: tuple[int, int] | None) -> None:
        self.pending.append((self.pool.submit(job, *args), reported))
        while len(self.pending) > 1:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        future, reported = self.pending.popleft()
        future.result()  # a job's error is raised here, in the main thread
        if reported and self.progress:
            self.progress(*reported)

    def _replace(self, record_ids: list[str], entries: list[tantivy.Document]) -> None:
        for record_id in record_ids:
            self.writer.delete_documents_by_term("record_id", record_id)
        for entry in entries:
            self.writer.add_document(entry)

    def _commit(self, done: int) -> None:
        self.writer.delete_documents_by_term("record_id", POSITION_ID)
        self.writer.add_document(position_document(done))
        self.writer.commit()


def catch_up() -> int:
    """Sync if the outbox has rows the index has not applied (an admin edit, a judged link); if
    another process is writing the index, it says so in the log and leaves the job to the next call
    (or to that process). Called before interactive
    searches, so they see every change; costs one indexed query when there is nothing to do."""
    from archivist.records.models import Change

    _, cache = reader().current()
    if "position" not in cache:
        cache["position"] = position()
    if not Change.objects.filter(id__gt=cache["position"]).exists():
        return 0
    try:
        return sync()
    except IndexBehind as behind:
        log.warning("%s", behind)
        return 0


def settled_end(wait: float = WAIT) -> int:
    """The highest outbox id at or below which no transaction can still add a row. On PostgreSQL,
    raises IndexBusy if an import keeps adding rows for over `wait` seconds."""
    from django.db import OperationalError, connection, transaction
    from django.db.models import Max

    from archivist.records.models import Change

    if connection.vendor != "postgresql":  # a transaction here would take SQLite's write lock
        return Change.objects.aggregate(top=Max("id"))["top"] or 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(max(wait, OUTBOX_WAIT_MIN) * 1000)}")
            try:
                cursor.execute(f'LOCK TABLE "{Change._meta.db_table}" IN SHARE MODE')
            except OperationalError as error:
                if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                    raise
                raise IndexBusy("an import still being stored is adding to the outbox") from None
        return Change.objects.aggregate(top=Max("id"))["top"] or 0


def _entries(record_ids: list[str]) -> list[tantivy.Document]:
    """The index entries of those of the records that are published documents."""
    return [document.to_index() for document in indexed_records(record_ids)]


def reindex(progress: Callable[[int], None] | None = None, wait: float = WAIT) -> int:
    """Rebuild the whole index from the database in one commit; returns the documents indexed.
    Raises IndexBusy if another process keeps the index's writer (or the outbox) for over `wait` s."""
    from archivist.records.models import Document

    index = open_index(replace_outdated=True)
    count = 0
    with writing(index, REBUILD_THREADS, REBUILD_HEAP, wait) as writer:
        # read once the writer is ours, so that no sync commits between them and the rebuild
        top = settled_end(wait)
        ids = list(Document.objects.filter(status=Document.Status.PUBLISHED).order_by("id")
                   .values_list("id", flat=True))
        writer.delete_all_documents()
        for start in range(0, len(ids), READ):
            for document in indexed_documents(Document.objects.filter(id__in=ids[start:start + READ])):
                writer.add_document(document.to_index())
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
        writer.add_document(position_document(top))
        writer.commit()
    index.reload()
    return count
