"""Attacks on importing again: ways an import, a load or a round trip could undo a curator's decision
or make public a document a curator withheld."""

import datetime
import io
from pathlib import Path

import pytest
from reversion.models import Revision

from archivist.curation.embargo import restrict_until
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.interop.export import write_jsonl
from archivist.records.merge import Conflict
from archivist.records.models import Authority, Document
from archivist.records.services import set_status
from tests.records.test_admin import admin_form_data

SMALL_VOLUME = Path(__file__).parent.parent / "ingest" / "data" / "small-volume.xml"


def record(**fields) -> dict:
    return {"record_id": "d1", "title": "Telegram", "summary": "As sent.", "date": "1962-10-22",
            "authors": ["Kennedy, John F."], **fields}


def load(*records: dict, overwrite: bool = False):
    return store_records("records.jsonl", list(enumerate(records, start=1)), overwrite=overwrite)


def public() -> dict[str, str]:
    return dict(Document.objects.filter(status="published").values_list("record_id", "title"))


def test_a_renamed_restricted_document_is_not_published_again_under_its_old_id(admin_client, db):
    load(record())
    set_status("d1", "restricted")
    document = Document.objects.get(record_id="d1")
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/",
                                 admin_form_data(document, record_id="d1-withheld"))
    assert response.status_code == 302
    report = load(record(title="Telegram, revised"))
    assert public() == {}  # it was: {"d1": "Telegram, revised"}, the restricted document's copy
    document.refresh_from_db()
    assert (document.record_id, document.status, document.title) == (
        "d1-withheld", "restricted", "Telegram, revised")
    assert dict(report.counts) == {"updated": 1} and Document.objects.count() == 1


def test_loading_an_export_then_the_source_again_keeps_a_restriction_and_a_curators_title(db, tmp_path):
    load(record())
    set_status("d1", "restricted")
    document = Document.objects.get(record_id="d1")
    document.title = "A curator's title"
    document.save()
    out = io.StringIO()
    write_jsonl(out)
    path = tmp_path / "export.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert dict(store_records(path, read_json_records(path)).counts) == {"unchanged": 2}
    report = load(record())  # the source, as first imported
    document.refresh_from_db()
    assert (document.status, document.title) == ("restricted", "A curator's title")
    assert report.conflicts == []


def test_an_export_loaded_into_a_new_archive_counts_as_curators_values(db, tmp_path):
    load(record())
    set_status("d1", "restricted")
    out = io.StringIO()
    write_jsonl(out)
    Document.objects.all().delete()  # a new archive: no records, no history
    Authority.objects.all().delete()
    Revision.objects.all().delete()
    path = tmp_path / "export.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    store_records(path, read_json_records(path))
    report = load(record(title="Telegram, revised"))
    assert public() == {}
    assert Document.objects.get().title == "Telegram"
    assert {c.field for c in report.conflicts} == {"status", "title"}


def test_an_embargo_is_not_ended_by_an_import(db):
    load(record(status="restricted"))
    restrict_until("d1", datetime.date.today() + datetime.timedelta(days=30))
    report = load(record(status="published", title="Telegram, revised"))
    assert public() == {}
    assert [c.field for c in report.conflicts] == ["status"]


def test_overwrite_that_publishes_ends_the_embargo(db):
    load(record())
    restrict_until("d1", datetime.date.today() + datetime.timedelta(days=30))
    load(record(title="x"), overwrite=True)
    document = Document.objects.get(record_id="d1")
    assert (document.status, document.embargoed_until) == ("published", None)


def test_an_authority_a_curator_renamed_is_still_the_one_imports_link_to(db):
    load(record())
    kennedy = Authority.objects.get(sort_name="Kennedy, John F.")
    kennedy.sort_name = "Kennedy, John Fitzgerald"
    kennedy.save()
    load(record(title="Telegram, revised"))
    assert Authority.objects.filter(kind="person").count() == 1
    assert list(Document.objects.get().links.values_list("authority", flat=True)) == [kennedy.pk]


def test_a_tei_volume_listing_a_document_twice_is_refused_whole(db, tmp_path, settings):
    from archivist.ingest.errors import IngestError
    from archivist.ingest.tei import read_tei

    settings.MEDIA_ROOT = str(tmp_path / "files")
    text = SMALL_VOLUME.read_text(encoding="utf-8").replace("DATE", "1999-01-02")
    volume = tmp_path / "volume.xml"
    volume.write_text(text.replace('xml:id="d2"', 'xml:id="d1"'), encoding="utf-8")
    with pytest.raises(IngestError, match="d1"):
        store_records(volume, read_tei(volume))
    assert not Document.objects.exists()


def test_a_csv_file_changed_only_in_whitespace_changes_nothing_a_curator_did(db, tmp_path):
    from archivist.ingest.csvrecords import read_csv_records

    sheet = tmp_path / "letters.csv"
    sheet.write_text("record_id,title,summary\nl1,Letter,Short.\n", encoding="utf-8")
    store_records(sheet, read_csv_records(sheet))
    set_status("l1", "restricted")
    sheet.write_text("record_id,title,summary\r\nl1,  Letter ,Short.\r\n\r\n", encoding="utf-8")
    report = store_records(sheet, read_csv_records(sheet))
    assert Document.objects.get().status == "restricted" and public() == {}
    assert report.conflicts == []


def test_a_curators_parent_of_an_authority_record_stays(db):
    load({"type": "subject", "id": "cold-war", "name": "Cold War"},
         {"type": "subject", "id": "berlin", "name": "Berlin", "parent": "cold-war"})
    load({"type": "subject", "id": "europe", "name": "Europe"})
    berlin = Authority.objects.get(key="berlin")
    berlin.parent = Authority.objects.get(key="europe")
    berlin.save()
    report = load({"type": "subject", "id": "cold-war", "name": "Cold War"},
                  {"type": "subject", "id": "berlin", "name": "Berlin", "parent": "cold-war",
                   "description": "The city."})
    berlin.refresh_from_db()
    assert (berlin.parent.key, berlin.description) == ("europe", "The city.")
    assert [(c.field, c.current) for c in report.conflicts] == []  # the file did not change the parent


def test_a_link_a_curator_removed_stays_removed_through_export_and_load(db, tmp_path):
    load(record(authors=["Kennedy, John F.", "Rusk, Dean"]))
    Document.objects.get().links.get(authority__sort_name="Rusk, Dean").delete()
    out = io.StringIO()
    write_jsonl(out)
    path = tmp_path / "export.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    store_records(path, read_json_records(path))
    load(record(authors=["Kennedy, John F.", "Rusk, Dean"], title="Telegram, revised"))
    assert list(Document.objects.get().links.values_list("authority__sort_name", flat=True)) == [
        "Kennedy, John F."]


def test_a_document_a_curator_deleted_is_not_added_again_by_an_import(db):
    from archivist.curation.history import recorded
    from archivist.records.services import delete_document

    load(record(), record(record_id="d2"))
    with recorded("deleted by a curator"):
        delete_document("d1")
    report = load(record(title="Telegram, revised"), record(record_id="d2", title="Revised"))
    assert public() == {"d2": "Revised"}  # it was: d1 back, published
    assert report.conflicts == [Conflict("d1", "document", "deleted", "Telegram, revised")]
    assert dict(report.counts) == {"unchanged": 1, "updated": 1}
    load(record(title="Telegram, revised"), overwrite=True)
    assert set(public()) == {"d1", "d2"}


def test_a_source_giving_links_by_id_still_takes_its_changes(db):
    load({"type": "person", "id": "kennedy", "name": "Kennedy, John F."})
    linked = record(links=[{"type": "person", "id": "kennedy", "role": "author"}])
    del linked["authors"]
    load(linked)
    report = load(linked | {"title": "Telegram, revised"})
    assert Document.objects.get().title == "Telegram, revised" and report.conflicts == []
