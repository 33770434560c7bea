"""Concurrent refreshes (the outbox worker, commands) that find the browse counts stale refresh them one
after the other, without errors."""

import threading

import pytest
from django.db import connection, connections

from archivist.records.recordformat import read_document
from archivist.records.services import save_document
from archivist.web import counts
from archivist.web.models import AuthorityCount


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_do_not_collide(add_document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writing transaction at a time anyway")
    add_document("first", associated_people_and_organizations=["Zhou, Enlai"])
    for n in range(199):  # stored without the fixture's refresh: the threads below find them stale
        save_document(read_document({"type": "document", "record_id": f"c{n}", "title": f"C {n}",
                                     "date": "1950-02-01", "text": "Text.", "text_language": "English",
                                     "associated_people_and_organizations": ["Zhou, Enlai"]}))
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
