"""A fresh search index for every test, and a helper that saves documents and syncs the index."""

from __future__ import annotations

import pytest

from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document
from archivist.search.indexer import sync
from archivist.search.schema import index_dir


@pytest.fixture(autouse=True)
def fresh_index(tmp_path, monkeypatch):
    """Point ARCHIVIST_HOME (and so the index) at this test's own directory."""
    monkeypatch.setenv("ARCHIVIST_HOME", str(tmp_path / "home"))
    yield index_dir()


@pytest.fixture
def put(db):
    """Save documents (record-format dicts) through the services, then sync the index."""

    def save(*records: dict) -> None:
        for record in records:
            if record.get("type", "document") == "document":
                save_document(read_document({"title": "Untitled", **record}))
            else:
                save_authority(read_authority(record))
        sync()

    return save


@pytest.fixture
def public_records(db):
    """Make the given authority records ((kind, key) pairs) public, as the facets show only those: each
    linked to one published document in the database (a test that writes its index by hand has none)."""
    from archivist.records.models import Authority, Document, Link

    def publish(pairs) -> None:
        save_document(read_document({"record_id": "holder", "title": "Holder", "date": "1950",
                                     "text": "Holds the links.", "text_language": "English"}))
        holder = Document.objects.get(record_id="holder")
        records = Authority.objects.bulk_create(
            [Authority(kind=kind, key=key, sort_name=key, display_name=key) for kind, key in pairs],
            batch_size=5000)
        Link.objects.bulk_create(
            (Link(document=holder, authority=record, role=Link.Role.ASSOCIATED, status=Link.Status.CURATED)
             for record in records), batch_size=5000)

    return publish
