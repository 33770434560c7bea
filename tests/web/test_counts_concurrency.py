"""Concurrent requests that find the browse counts stale refresh them one after the other, without errors."""

import threading

import pytest
from django.db import connection, connections

from archivist.web import counts
from archivist.web.models import AuthorityCount


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_do_not_collide(add_document):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writing transaction at a time anyway")
    add_document("first", associated_people_and_organizations=["Zhou, Enlai"])
    counts.ensure_fresh()
    for n in range(199):
        add_document(f"c{n}", associated_people_and_organizations=["Zhou, Enlai"])
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
