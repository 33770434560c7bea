"""Raw Tantivy: the archive's documents indexed straight into an index of the same schema, no database.

The yardstick of the index step. The field values the archive indexes for each published document are
read from the archive and prepared beforehand, outside the timing, as one plain dict per document (the
field values of `IndexedDocument.to_index`). The timing covers what one does with Tantivy directly:
a writer with the indexer's threads and memory, a Document from each dict, added, one commit, and
waiting for the merges (as the indexer's writer does before it lets go).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

BATCH = 2000


def prepared_values() -> list[dict]:
    """The indexed field values of every published document, as plain dicts."""
    from archivist.records.models import Document
    from archivist.search.documents import indexed_documents

    ids = list(Document.objects.filter(status=Document.Status.PUBLISHED).order_by("id")
               .values_list("id", flat=True))
    values: list[dict] = []
    for start in range(0, len(ids), BATCH):
        batch = Document.objects.filter(id__in=ids[start:start + BATCH])
        values += [document.to_index().to_dict() for document in indexed_documents(batch)]
    return values


def index_raw(values: list[dict], folder: Path) -> dict:
    """Seconds (wall and CPU of this process, Tantivy's threads included) to index `values` into a new
    index in `folder` (a new folder each time), which is removed afterwards."""
    import tantivy

    from archivist.search.indexer import THREADS, WRITER_HEAP
    from archivist.search.schema import SCHEMA, open_index

    index = open_index(folder)  # the archive's schema and analyzers
    writer = index.writer(WRITER_HEAP * THREADS, THREADS)
    start, start_cpu = time.perf_counter(), time.process_time()
    for value in values:
        writer.add_document(tantivy.Document.from_dict(value, SCHEMA))
    writer.commit()
    writer.wait_merging_threads()
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    shutil.rmtree(folder)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "docs_per_s": round(len(values) / seconds)}
