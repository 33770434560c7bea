"""Sizes past the limits of the parts: a sync batch naming thousands of authorities stays within
SQLite's query limits; facets of more values than a Tantivy aggregation may return still count."""

from archivist.ingest.loader import store_records
from archivist.search.documents import IndexedDocument, LinkedName, position_document
from archivist.search.indexer import sync, writing
from archivist.search.schema import open_index
from archivist.search.service import search


def test_sync_of_a_batch_naming_thousands_of_authorities(db):
    records = [{"record_id": f"d{i}", "title": f"Document {i}",
                "authors": [f"Author{i}, A", f"Writer{i}, B"], "associated_places": [f"Place {i}"]}
               for i in range(700)]
    store_records("many.jsonl", enumerate(records, start=1))
    assert sync() == 700
    assert [hit.record_id for hit in search("Writer650").hits] == ["d650"]


def test_facets_of_an_index_naming_more_values_than_an_aggregation_may_return(db, fresh_index,
                                                                              public_records):
    # Tantivy's terms aggregation refuses more than 65,000 values; the facet totals of the whole index
    # (used when a query matches most of it) are read from the term dictionary instead.
    people = 66_000
    public_records([("person", "common")] + [("person", f"p{number}") for number in range(people)])
    with writing(open_index()) as writer:
        for number in range(people):
            linked = [LinkedName("person", f"p{number}", [f"Person {number}"]),
                      LinkedName("person", "common", ["Everyone"])]
            writer.add_document(IndexedDocument(f"d{number}", "Cable", linked=linked).to_index())
        writer.add_document(position_document(0))
        writer.commit()
    results = search("cable")
    people_facet = next(f for f in results.facets if f.name == "people")
    assert results.total == people
    assert (people_facet.values[0].value, people_facet.values[0].count) == ("person/common", people)
    assert [v.count for v in people_facet.values[1:]] == [1] * 9
