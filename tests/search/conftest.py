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
