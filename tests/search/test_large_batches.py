"""A sync batch naming thousands of authorities stays within SQLite's query limits."""

from archivist.ingest.loader import store_records
from archivist.search.indexer import sync
from archivist.search.service import search


def test_sync_of_a_batch_naming_thousands_of_authorities(db):
    records = [{"record_id": f"d{i}", "title": f"Document {i}",
                "authors": [f"Author{i}, A", f"Writer{i}, B"], "associated_places": [f"Place {i}"]}
               for i in range(700)]
    store_records("many.jsonl", enumerate(records, start=1))
    assert sync() == 700
    assert [hit.record_id for hit in search("Writer650").hits] == ["d650"]
