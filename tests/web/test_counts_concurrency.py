"""Concurrent refreshes (the outbox worker, commands) that find the browse counts stale refresh them one
after the other, without errors."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from archivist.records.recordformat import read_document
from archivist.records.services import save_document, set_status
from archivist.web import counts
from archivist.web.models import AuthorityCount


def store(record_id: str) -> None:
    """A document naming Zhou Enlai, stored as the services do, the browse tables left behind."""
    save_document(read_document({"type": "document", "record_id": record_id, "title": f"Cable {record_id}",
                                 "date": "1950-02-01", "text": "Text.", "text_language": "English",
                                 "associated_people_and_organizations": ["Zhou, Enlai"]}))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_do_not_collide(add_document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writing transaction at a time anyway")
    add_document("first", associated_people_and_organizations=["Zhou, Enlai"])
    for n in range(199):  # stored without the fixture's refresh: the threads below find them stale
        store(f"c{n}")
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def refresh() -> None:
        try:
            start.wait()
            counts.ensure_fresh()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuthorityCount.objects.values_list("documents", flat=True)) == [200]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_refresh_does_not_step_over_an_outbox_row_committed_late(add_document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite commits one writing transaction at a time")
    add_document("late", associated_people_and_organizations=["Zqlate, Person"])
    written, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with transaction.atomic():
            set_status("late", "restricted")  # draws the lower outbox id, commits last
            written.set()
            release.wait(10)
        connection.close()

    def refresh() -> None:
        counts.ensure_fresh(wait=10)
        connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert written.wait(10)
    store("early")  # a higher id, committed first
    refreshing = threading.Thread(target=refresh)
    refreshing.start()
    time.sleep(0.5)
    assert refreshing.is_alive(), "the refresh waits for the writer instead of passing its id"
    release.set()
    writer.join(10)
    refreshing.join(10)
    assert not counts.state().behind
    assert not counts.listed_authorities("person").filter(sort_name="Zqlate, Person").exists()
