"""Importing again keeps what curators changed: a field changes only where the archive still holds
the value the last import wrote; elsewhere the curator's value stays and a conflict is reported."""

from pathlib import Path

import pytest
from reversion.models import Revision, Version

from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.merge import Conflict
from archivist.records.models import Authority, Document, Link, VariantName
from archivist.records.services import set_status

SMALL_VOLUME = Path(__file__).parent.parent / "ingest" / "data" / "small-volume.xml"


def record(**fields) -> dict:
    return {"record_id": "d1", "title": "Telegram", "summary": "As sent.", "date": "1962-10-22",
            "authors": ["Kennedy, John F.", "Rusk, Dean"], **fields}


def load(*records: dict, overwrite: bool = False):
    return store_records("records.jsonl", list(enumerate(records, start=1)), overwrite=overwrite)


def edit(record_id: str = "d1", **fields) -> None:
    """A curator's change through the admin's way of saving (Model.save)."""
    document = Document.objects.get(record_id=record_id)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()


def test_a_restricted_document_stays_restricted_and_takes_the_files_other_changes(db):
    load(record())
    set_status("d1", "restricted")
    report = load(record(title="Telegram, revised"))
    document = Document.objects.get(record_id="d1")
    assert (document.status, document.title) == ("restricted", "Telegram, revised")
    assert dict(report.counts) == {"updated": 1} and report.conflicts == []


def test_a_draft_stays_draft_even_where_the_file_changes_the_status(db):
    load(record(status="restricted"))
    set_status("d1", "draft")
    report = load(record(status="published", title="Telegram, revised"))
    document = Document.objects.get(record_id="d1")
    assert (document.status, document.title) == ("draft", "Telegram, revised")
    assert report.conflicts == [Conflict("d1", "status", "draft", "published")]


def test_a_curators_summary_is_kept_and_reported_until_settled(db):
    load(record())
    edit(summary="Sent at noon, as the log shows.")
    changed = record(summary="As sent, with corrections.", date="1962-10-23")
    report = load(changed)
    document = Document.objects.get(record_id="d1")
    assert document.summary == "Sent at noon, as the log shows."
    assert (document.date, str(document.date_earliest)) == ("1962-10-23", "1962-10-23")  # untouched
    assert report.conflicts == [Conflict("d1", "summary", "Sent at noon, as the log shows.",
                                         "As sent, with corrections.")]
    assert "1 updated, 0 unchanged, 1 conflict (1 document)" in report.summary()
    assert load(changed).conflicts == report.conflicts  # the same file reports it again
    edit(summary="As sent, with corrections.")  # the curator agrees with the file
    assert load(changed).conflicts == []
    assert dict(load(changed).counts) == {"unchanged": 1}


def test_an_unchanged_file_leaves_curators_edits_alone(db):
    load(record())
    set_status("d1", "restricted")
    edit(summary="A curator's summary.")
    document = Document.objects.get(record_id="d1")
    document.links.get(authority__sort_name="Rusk, Dean").delete()
    report = load(record())
    assert dict(report.counts) == {"unchanged": 1} and report.conflicts == []
    document.refresh_from_db()
    assert (document.status, document.summary) == ("restricted", "A curator's summary.")
    assert list(document.links.values_list("authority__sort_name", flat=True)) == ["Kennedy, John F."]


def test_overwrite_takes_the_files_values_and_the_history_says_so(db):
    load(record())
    set_status("d1", "restricted")
    edit(summary="A curator's summary.")
    report = load(record(summary="The file's summary."), overwrite=True)
    document = Document.objects.get(record_id="d1")
    assert (document.status, document.summary) == ("published", "The file's summary.")
    assert report.conflicts == [Conflict("d1", "summary", "A curator's summary.", "The file's summary."),
                                Conflict("d1", "status", "restricted", "published")]
    comment = Revision.objects.latest("pk").comment
    assert "overwrote curators' values: d1 (summary, status)" in comment
    assert load(record(summary="The file's summary.")).counts == {"unchanged": 1}


def test_each_import_is_a_revision_of_the_documents_it_changed(db):
    load(record())
    document = Document.objects.get(record_id="d1")
    assert Version.objects.get_for_object(document).count() == 1
    load(record(title="Telegram, revised"))
    load(record(title="Telegram, revised"))  # unchanged: no revision
    versions = Version.objects.get_for_object(document)
    assert versions.count() == 2
    comment = versions.first().revision.comment
    assert "records.jsonl (command line, " in comment
    kennedy = Authority.objects.get(sort_name="Kennedy, John F.")
    assert Version.objects.get_for_object(kennedy).count() == 1  # created by the first import


def test_a_curated_link_a_curator_removed_is_not_added_again(db):
    load(record())
    Document.objects.get(record_id="d1").links.get(authority__sort_name="Rusk, Dean").delete()
    report = load(record(authors=["Kennedy, John F.", "Rusk, Dean", "Ball, George W."]))
    document = Document.objects.get(record_id="d1")
    assert list(document.links.values_list("authority__sort_name", flat=True)) == ["Kennedy, John F."]
    [conflict] = report.conflicts
    assert (conflict.field, conflict.current) == ("links", [["person", "kennedy-john-f", "author"]])
    assert conflict.incoming[-1] == ["person", "ball-george-w", "author"]


def test_the_files_links_replace_the_imported_ones_and_enrichment_keeps_its_own(db):
    load(record())
    document = Document.objects.get(record_id="d1")
    ball = Authority.objects.create(kind="person", key="ball", sort_name="Ball, George W.",
                                    display_name="George W. Ball")
    Link.objects.create(document=document, authority=ball, role="associated", status="rejected")
    load(record(authors=["Rusk, Dean"], associated_people_and_organizations=["Ball, George W."]))
    assert sorted(document.links.values_list("authority__sort_name", "status")) == [
        ("Ball, George W.", "rejected"), ("Rusk, Dean", "curated")]


def test_an_authority_record_keeps_a_curators_name_and_variants(db):
    zhou = {"type": "person", "id": "zhou", "name": "Zhou, Enlai", "variants": ["周恩来"]}
    load(zhou)
    authority = Authority.objects.get(key="zhou")
    authority.display_name = "Premier Zhou Enlai"
    authority.save()
    VariantName.objects.update_or_create(authority=authority, name="Chou En-lai",  # generated by the load
                                         defaults={"origin": "curated", "scheme": ""})
    report = load(zhou | {"description": "Premier of China.", "display_name": "Zhou En-lai",
                          "variants": ["周恩来", "周恩來"]})
    authority.refresh_from_db()
    assert (authority.display_name, authority.description) == ("Premier Zhou Enlai", "Premier of China.")
    assert sorted(authority.variants.filter(origin="curated").values_list("name", flat=True)) == [
        "Chou En-lai", "周恩来"]
    assert report.conflicts == [
        Conflict("person/zhou", "display_name", "Premier Zhou Enlai", "Zhou En-lai"),
        Conflict("person/zhou", "variants", ["Chou En-lai", "周恩来"], sorted(["周恩来", "周恩來"]))]
    assert dict(report.counts) == {"updated": 1}
    assert load(zhou).conflicts == []  # the file as first imported changes neither


def test_a_record_created_by_a_curator_is_not_overwritten_by_an_import(db):
    Document.objects.create(record_id="d1", title="A curator's title", imported={})
    report = load(record())
    document = Document.objects.get(record_id="d1")
    assert document.title == "A curator's title"
    assert {c.field for c in report.conflicts} >= {"title", "summary", "date", "links"}


def test_an_archive_from_before_never_publishes_a_withheld_document(db):
    load(record(), record(record_id="d2"))
    Document.objects.update(imported=None, fingerprint="")
    set_status("d1", "restricted")
    report = load(record(title="Revised"), record(record_id="d2", title="Revised"))
    assert dict(Document.objects.values_list("record_id", "status")) == {
        "d1": "restricted", "d2": "published"}
    assert set(Document.objects.values_list("title", flat=True)) == {"Revised"}
    assert report.conflicts == [Conflict("d1", "status", "restricted", "published")]


def test_a_tei_volume_imported_again_keeps_a_restriction(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    volume = tmp_path / "volume.xml"
    text = SMALL_VOLUME.read_text(encoding="utf-8").replace("DATE", "1999-01-02")
    volume.write_text(text, encoding="utf-8")
    store_records(volume, read_tei(volume))
    set_status("frus1999v01-d1", "restricted")
    edit("frus1999v01-d1", title="Memo from Able (curated title)")
    volume.write_text(text.replace("Quoted.", "Quoted, revised."), encoding="utf-8")
    report = store_records(volume, read_tei(volume))
    document = Document.objects.get(record_id="frus1999v01-d1")
    assert (document.status, document.title) == ("restricted", "Memo from Able (curated title)")
    assert "Quoted, revised." in document.texts.get().body
    assert [c.field for c in report.conflicts] == []  # the volume changed neither


@pytest.mark.parametrize("value", ["x" * 500, ["a"] * 100])
def test_long_values_are_kept_as_a_hash_and_still_compared(db, value):
    from archivist.records.merge import kept, merge

    assert kept(value).startswith("sha256:")
    merged = merge("d1", {"texts": kept(value)}, {"texts": value}, {"texts": "new"})
    assert merged.taken == {"texts": "new"} and merged.conflicts == []
