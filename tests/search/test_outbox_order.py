"""PostgreSQL draws outbox ids before commit: a sync must not step over a row still being written."""

import threading
import time

import pytest
from django.db import connection, transaction

from archivist.records.recordformat import read_document
from archivist.records.services import save_document
from archivist.search.indexer import sync
from archivist.search.integrity import indexed_record_ids


def save(record_id: str) -> None:
    save_document(read_document({"record_id": record_id, "title": f"Cable {record_id}"}))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_sync_waits_for_a_transaction_writing_the_outbox():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite commits one writing transaction at a time")
    written, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with transaction.atomic():
            save("late")  # draws the lower outbox id, commits last
            written.set()
            release.wait(10)
        connection.close()

    def syncer() -> None:
        sync()
        connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    written.wait(10)
    save("early")  # a higher id, committed first
    syncing = threading.Thread(target=syncer)
    syncing.start()
    time.sleep(0.5)
    assert syncing.is_alive(), "sync waits for the writer instead of passing its id"
    release.set()
    writer.join(10)
    syncing.join(10)
    sync()
    assert sorted(indexed_record_ids()) == ["early", "late"]
