"""Loading the reference record and exporting it gives back every field."""

import io
import json

import pytest
from reversion.models import Revision

from archivist.interop.export import write_jsonl
from archivist.records.models import Authority, Document, Link


def exported() -> list[dict]:
    out = io.StringIO()
    write_jsonl(out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_reference_record_round_trips_every_field(full_record, seed_record):
    documents = [r for r in exported() if r["type"] == "document"]
    assert len(documents) == 1
    document = documents[0]
    for field, value in seed_record.items():
        if field == "site_navigation":
            continue  # the site's menu, not part of the record
        assert document[field] == value, field


def test_export_carries_authority_records_and_link_details(full_record):
    records = exported()
    zhou = next(r for r in records if r.get("id") == "zhou-enlai")
    assert zhou["type"] == "person" and zhou["display_name"] == "Zhou Enlai"
    assert {"name": "Chou En-lai", "origin": "curated"} in zhou["variants"]
    document = next(r for r in records if r["type"] == "document")
    assert {"type": "person", "id": "zhou-enlai", "role": "associated",
            "status": "curated"} in document["links"]
    assert {"type": "person", "id": "mao-zedong", "role": "author",
            "status": "curated"} in document["links"]


@pytest.mark.django_db(transaction=True)
def test_export_reloads_into_an_empty_archive_identically(full_record):
    from archivist.ingest.loader import store_records

    first = exported()
    Link.objects.all().delete()
    Document.objects.all().delete()
    Authority.objects.all().update(parent=None)
    Authority.objects.all().delete()
    Revision.objects.all().delete()  # nor history: a document deleted since is not added again
    report = store_records("export.jsonl", enumerate(first, start=1))
    assert report.counts["added"] == len(first)
    assert exported() == first


def test_reloading_the_same_file_changes_nothing(full_record, seed_record):
    from archivist.ingest.loader import store_records

    report = store_records("seed.json", [(1, seed_record)])
    assert dict(report.counts) == {"unchanged": 1}


def test_reference_record_model_fields(full_record):
    document = Document.objects.get(record_id="110390")
    assert document.date == "1950-01-02"
    assert str(document.date_earliest) == "1950-01-02"
    text = document.texts.get()
    assert (text.language, text.kind) == ("English", "translation")
    subject = Authority.objects.get(kind="subject", sort_name="China--Foreign relations--Soviet Union")
    assert subject.parent.sort_name == "China--Foreign relations"
    collection = document.links.get(role="archive").authority
    assert collection.parent.sort_name == "Chinese Communist Party Central Archives (CCA)"
