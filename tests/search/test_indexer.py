"""Keeping the index in step: sync applies each change once, reindex rebuilds, check reports drift."""

import shutil

import pytest
import tantivy

from archivist.checks import run_checks
from archivist.records.models import Change
from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document
from archivist.search.documents import position_document
from archivist.search.indexer import position, reindex, sync, writing
from archivist.search.integrity import indexed_record_ids
from archivist.search.schema import OutdatedIndex, _open, open_index
from archivist.search.service import search


def drift() -> list[str]:
    return [f"{p.what}: {p.where}" for p in run_checks() if "search index" in p.what]


def test_sync_applies_each_change_and_remembers_where_it_stopped(put):
    put({"record_id": "a", "title": "First cable"}, {"record_id": "b", "title": "Second cable"})
    assert position() == Change.objects.latest("id").id
    assert sync() == 0
    save_document(read_document({"record_id": "a", "title": "First telegram"}))
    assert sync() == 1
    assert [h.record_id for h in search("telegram").hits] == ["a"]
    assert search("cable").total == 1
    assert sorted(indexed_record_ids()) == ["a", "b"]


def test_applying_the_outbox_again_changes_nothing(put):
    put({"record_id": "a", "title": "First cable"}, {"record_id": "b", "title": "Second cable"})
    with writing(open_index()) as writer:  # forget the position, as if the last commits were lost
        writer.delete_documents_by_term("record_id", "__position__")
        writer.add_document(position_document(0))
        writer.commit()
    assert sync() == 2
    assert sorted(indexed_record_ids()) == ["a", "b"]
    assert drift() == []


def test_renaming_an_authority_reindexes_its_documents(put):
    put({"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai"},
        {"record_id": "a", "title": "Cable", "associated_people_and_organizations": ["Zhou, Enlai"]})
    assert search("Chou").total == 0
    save_authority(read_authority({"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai",
                                   "variants": ["Chou En-lai"]}))
    sync()
    assert [h.record_id for h in search("Chou").hits] == ["a"]


def test_check_reports_drift_and_reindex_repairs_it(put):
    put({"record_id": "a", "title": "First cable"}, {"record_id": "b", "title": "Second cable"})
    with writing(open_index()) as writer:
        writer.delete_documents_by_term("record_id", "a")
        writer.commit()
    save_document(read_document({"record_id": "c", "title": "Third cable"}))
    missing, behind = drift()
    assert missing == "published document missing from the search index (archivist reindex): a"
    assert behind.startswith("search index is behind the database (archivist sync): 1 change pending since ")
    assert reindex() == 3
    assert drift() == []
    assert search("cable").total == 3


def test_an_index_of_another_schema_is_reported_then_rebuilt(put, fresh_index):
    put({"record_id": "a", "title": "First cable"})
    _open.clear()
    shutil.rmtree(fresh_index)
    fresh_index.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    tantivy.Index(builder.build(), path=str(fresh_index))
    with pytest.raises(OutdatedIndex, match="archivist reindex"):
        search("cable")
    assert reindex() == 1
    assert [h.record_id for h in search("cable").hits] == ["a"]
