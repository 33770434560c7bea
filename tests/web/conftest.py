"""Fixtures of the web tests: small documents added next to the reference record."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest


@pytest.fixture
def add_document(db):
    """Store a document built from a few fields in the JSON record format and bring the browse tables up
    to date, as the commands that change records do (pages never refresh them); returns its record ID."""
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_document
    from archivist.web.counts import ensure_fresh

    def add(record_id: str, date: str = "1950-02-01", **fields) -> str:
        data = {"type": "document", "record_id": record_id, "title": f"Document {record_id}",
                "date": date, "text": f"Text of {record_id}.", "text_language": "English", **fields}
        save_document(read_document(data))
        ensure_fresh()
        return record_id

    return add


@contextmanager
def index_writer_held():
    """The index's writer held by another, as a long ingest or a reindex would: the index falls behind."""
    from archivist.search.schema import open_index

    holding, release = threading.Event(), threading.Event()

    def hold_writer() -> None:
        writer = open_index().writer(50_000_000, 1)
        holding.set()
        release.wait(30)
        writer.rollback()
        writer.wait_merging_threads()  # lets go of the lock

    holder = threading.Thread(target=hold_writer)
    holder.start()
    try:
        assert holding.wait(10)
        yield
    finally:
        release.set()
        holder.join()


def judge_as_the_admin(record_id: str, authority_ref: str, status: str) -> None:
    """A judgment as the admin's Links page makes it: the link and the outbox, the browse tables left
    behind (the review screen, archivist.curation.review.judge, refreshes them at once)."""
    from archivist.enrich.services import find_link
    from archivist.records.models import Change

    link = find_link(record_id, authority_ref)
    link.status = status
    link.save(update_fields=["status"])
    Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)
