"""A volume imported before notes kept their HTML and words run together by markup were spaced,
imported again: nothing a curator did is undone and no conflict is reported, while the notes no curator
touched take their new form (records.merge, `earlier`)."""

from dataclasses import replace
from pathlib import Path

from django.test import override_settings

from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.models import Document, Note
from archivist.records.recordformat import DocumentRecord

KENNEDY = Path(__file__).resolve().parents[2] / "archivist" / "demo" / "data" / "frus1961-63v06.xml"
SPACED = "Countries Series, USSR"


def as_imported_before(items):
    """The volume's records as the importer wrote them before: notes without HTML, bodies and titles
    with the words markup ran together ("Countries Series,USSR")."""
    for line, item in items:
        if isinstance(item, DocumentRecord):
            notes = [{**note, "body": body, "body_html": ""}
                     for note, (_, _, body) in zip(item.notes, item.earlier["notes"], strict=True)]
            item = replace(item, notes=notes, title=item.earlier["title"], earlier={}, fingerprint="before")
        yield line, item


def curate_note(record_id: str, body: str) -> None:
    note = Note.objects.get(document__record_id=record_id, kind="source")
    note.body = body
    note.save()


def test_reimport_after_the_change_keeps_curated_notes_and_reports_no_conflict(db, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        store_records(KENNEDY, as_imported_before(read_tei(KENNEDY)))
        before = Note.objects.get(document__record_id="frus1961-63v06-d13", kind="source").body
        assert "Countries Series,USSR" in before
        curate_note("frus1961-63v06-d13", "Source: Kennedy Library, checked against the original.")
        curate_note("frus1961-63v06-d1", "Source: American Foreign Policy, 1960, p. 476.")

        report = store_records(KENNEDY, read_tei(KENNEDY))

    assert report.conflicts == []
    assert report.counts["updated"] > 100
    curated = Note.objects.get(document__record_id="frus1961-63v06-d13", kind="source")
    assert (curated.body, curated.body_html) == ("Source: Kennedy Library, checked against the original.", "")
    assert Note.objects.get(document__record_id="frus1961-63v06-d1", kind="source").body == (
        "Source: American Foreign Policy, 1960, p. 476.")
    untouched = Note.objects.get(document__record_id="frus1961-63v06-d26", kind="source")
    assert SPACED in untouched.body and "Countries Series, <abbr" in untouched.body_html
    # a document's notes are one field: those of a document whose note a curator changed stay as they were
    assert not Document.objects.get(record_id="frus1961-63v06-d1").notes.exclude(body_html="").exists()
    assert Document.objects.get(record_id="frus1961-63v06-d2").notes.exclude(body_html="").exists()
    linked = Note.objects.filter(document__record_id__startswith="frus1961-63v06-",
                                 body_html__contains='href="/documents/frus1961-63v06-d')
    assert linked.count() > 50


def test_a_further_reimport_still_keeps_the_curators_note_and_reports_nothing(db, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        store_records(KENNEDY, as_imported_before(read_tei(KENNEDY)))
        curate_note("frus1961-63v06-d13", "Source: checked.")
        store_records(KENNEDY, read_tei(KENNEDY))
        again = store_records(KENNEDY, read_tei(KENNEDY))
    assert again.conflicts == [] and again.counts["updated"] == 0
    assert Note.objects.get(document__record_id="frus1961-63v06-d13", kind="source").body == (
        "Source: checked.")


def test_a_curators_note_still_conflicts_when_the_volume_itself_changes_it(db, tmp_path):
    changed = tmp_path / "frus1961-63v06.xml"
    changed.write_text(KENNEDY.read_text(encoding="utf-8").replace(
        "911.802/5-661. No", "911.802/5-661. Confidential. No"), encoding="utf-8")
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        store_records(KENNEDY, as_imported_before(read_tei(KENNEDY)))
        curate_note("frus1961-63v06-d13", "Source: checked.")
        report = store_records(changed, read_tei(changed))
    assert [(c.record, c.field) for c in report.conflicts] == [("frus1961-63v06-d13", "notes")]
    assert Note.objects.get(document__record_id="frus1961-63v06-d13", kind="source").body == (
        "Source: checked.")


TITLED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1999v02">
<teiHeader><fileDesc><titleStmt><title type="complete">Test Volume</title></titleStmt></fileDesc></teiHeader>
<text><body>
<div type="document" n="1" xml:id="d1"><head>1. Letter to Mr.<persName>Kennedy</persName></head>
<p>One.</p></div>
<div type="document" n="2" xml:id="d2"><head>2. Letter to Mr.<persName>Rusk</persName></head>
<p>Two.</p></div>
</body></text></TEI>
"""


def test_titles_the_importer_now_spaces_follow_unless_a_curator_retitled_them(db, tmp_path):
    volume = tmp_path / "frus1999v02.xml"
    volume.write_text(TITLED, encoding="utf-8")
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        store_records(volume, as_imported_before(read_tei(volume)))
        assert Document.objects.get(record_id="frus1999v02-d1").title == "Letter to Mr.Kennedy"
        retitled = Document.objects.get(record_id="frus1999v02-d1")
        retitled.title = "Letter to President-elect Kennedy"
        retitled.save()
        report = store_records(volume, read_tei(volume))
    assert report.conflicts == []
    titles = dict(Document.objects.filter(record_id__startswith="frus1999v02-")
                  .values_list("record_id", "title"))
    assert titles == {"frus1999v02-d1": "Letter to President-elect Kennedy",
                      "frus1999v02-d2": "Letter to Mr. Rusk"}
