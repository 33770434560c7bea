"""A note's HTML in the record format: sanitized as it is loaded, exported as it is stored, loaded
again unchanged, and dropped when a curator changes only the words of the note."""

import io
import json

from archivist.ingest.loader import store_records
from archivist.interop.export import write_jsonl
from archivist.records.forms import NoteForm
from archivist.records.models import Note

HOSTILE = ('See <a href="/documents/d2" onclick="x()">Document 2</a> in <em>Papers</em>'
           '<img src=x onerror=alert(1)><script>alert(1)</script><a href="javascript:alert(1)">y</a>')


def record(**note) -> dict:
    return {"record_id": "d1", "title": "Telegram", "date": "1962-10-22",
            "notes": [{"kind": "footnote", "marker": "1", "body": "See Document 2 in Papers.", **note}]}


def exported_documents() -> list[dict]:
    out = io.StringIO()
    write_jsonl(out)
    return [r for r in map(json.loads, out.getvalue().splitlines()) if r["type"] == "document"]


def test_note_html_is_sanitized_as_it_is_loaded(db):
    store_records("records.jsonl", [(1, record(body_html=HOSTILE))])
    html = Note.objects.get().body_html
    assert html == 'See <a href="/documents/d2">Document 2</a> in <em>Papers</em><a>y</a>'


def test_note_html_round_trips_through_export_and_a_reload_changes_nothing(db):
    data = record(body_html='See <a href="/documents/d2">Document 2</a> in <em>Papers</em>.')
    data["notes"].append({"kind": "source", "marker": "", "body": "Source: Box 1."})
    store_records("records.jsonl", [(1, data)])
    first = exported_documents()
    assert [note.get("body_html") for note in first[0]["notes"]] == [data["notes"][0]["body_html"], None]
    report = store_records("export.jsonl", enumerate(first, start=1))
    assert dict(report.counts) == {"unchanged": 1} and report.conflicts == []
    assert exported_documents() == first


def test_a_curator_changing_the_words_of_a_note_drops_its_html(db):
    store_records("records.jsonl", [(1, record(body_html="See <em>Papers</em>."))])
    note = Note.objects.get()
    data = {"document": note.document_id, "position": 0, "kind": "footnote", "marker": "1",
            "body": "See the Papers, as corrected.", "body_html": note.body_html}
    form = NoteForm(data, instance=note)
    assert form.is_valid(), form.errors
    form.save()
    assert Note.objects.get().body_html == ""
    form = NoteForm({**data, "body_html": "See <em>the Papers</em><script>x</script>."}, instance=note)
    assert form.is_valid() and form.save().body_html == "See <em>the Papers</em>."
