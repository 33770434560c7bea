"""The ingest pipeline and `archivist ingest`: detection, TEI markup, bad input, re-runs, summary."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.ingest.errors import IngestError
from archivist.ingest.loader import store_records
from archivist.ingest.pipeline import detect_format
from archivist.ingest.tei import read_tei
from archivist.records.models import Authority, Document, GlossaryTerm

VOLUME = (Path(__file__).parent / "data" / "small-volume.xml").read_text(encoding="utf-8")  # DATE to fill


def volume(tmp_path: Path, date: str = "1999-01-02", replace: tuple[str, str] = ("", "")) -> Path:
    path = tmp_path / "volume.xml"
    path.write_text(VOLUME.replace("DATE", date).replace(*replace), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")


def test_tei_markup_becomes_safe_structured_html(db, tmp_path):
    report = store_records(volume(tmp_path), read_tei(volume(tmp_path)))
    assert report.kinds == {"documents": 1, "authority records": 2}  # the person and the chapter
    assert report.extras == {"editorial notes skipped": 1, "glossary terms": 1,
                             "places located by the gazetteer": 1}  # Paris, of the dateline
    document = Document.objects.get(record_id="frus1999v01-d1")
    html = document.texts.get().body_html
    for fragment in ('<abbr title="Xylophone Zone">XYZ</abbr>', "<em>italics</em>",
                     '<sup class="note-ref" id="ref-1"><a href="#note-1">1</a></sup>',
                     '<a href="/documents/frus1999v01-d1">Document 1</a>',
                     '<ul class="participants"><li>One</li>', "<th>Year</th>", "<td>3 &lt;b&gt;</td>",
                     "<blockquote><p>Quoted.</p>", '<p class="dateline">Paris, January 2, 1999.</p>'):
        assert fragment in html
    assert "Box 1" not in html and "A note." not in html
    assert "/documents/frus1999v01-d2" not in html  # d2 is an editorial note, not stored
    assert document.texts.get().body.split("\n\n")[:3] == [
        "Paris, January 2, 1999.", "Text with XYZ and italics. See Document 1 and Document 2.", "One"]
    assert list(document.notes.values_list("kind", "body")) == [("source", "Source: Box 1."),
                                                                 ("footnote", "A note.")]
    assert set(document.links.values_list("role", "authority__sort_name")) == {
        ("author", "Able, Ann"), ("recipient", "Bureau"), ("place_of_writing", "Paris"),
        ("topic", "Chapter One")}
    assert Authority.objects.get(key="frus1999v01-p_A1").description == "Ambassador"
    assert GlossaryTerm.objects.get(source="frus1999v01").term == "XYZ"


@pytest.mark.parametrize(("date", "replace", "where"), [
    ("1999-02-30", ("", ""), ":13: field 'date'"),
    ("1999-01-02T25:00", ("", ""), ":13: field 'date'"),
    ("1999-01-02", ("<p>Text", "<p>Text <b>"), ":15: not well-formed XML"),  # where lxml notices
    ("1999-01-02", ('corresp="#p_A1"', 'corresp="#p_Z9"'), ":11: field 'persName'"),
    ("1999-01-02", ("<head>1. Memo", "<opener>1. Memo"), ":10: field 'title': is required"),
])
def test_bad_tei_names_the_line_and_stores_nothing(db, tmp_path, date, replace, where):
    path = volume(tmp_path, date, (replace[0], replace[1]))
    if "opener" in replace[1]:
        path.write_text(path.read_text().replace("</head>\n<dateline>", "</opener>\n<dateline>", 1))
    with pytest.raises(IngestError) as raised:
        store_records(path, read_tei(path))
    assert f"{path}{where}" in str(raised.value)
    assert Document.objects.count() == Authority.objects.count() == GlossaryTerm.objects.count() == 0
    assert not [p for p in (tmp_path / "files").rglob("*") if p.is_file()]  # no file left behind


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.xml", "", "tei"), ("a.csv", "", "csv"), ("a.jsonl", "", "jsonl"), ("a.json", "", "jsonl"),
    ("a.txt", "\ufeff<?xml version='1.0'?><TEI/>", "tei"), ("a.txt", '{"title": "x"}', "jsonl"),
    ("a.txt", "record_id,title\n", "csv"),
])
def test_format_is_detected_from_suffix_then_content(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected


def run(*args):
    return CliRunner().invoke(cli, ["ingest", *map(str, args)], catch_exceptions=False)


def test_ingest_command_stores_good_files_refuses_bad_ones_and_summarises(db, tmp_path):
    good_csv = tmp_path / "good.csv"
    good_csv.write_text("record_id,title,date\nc1,From a sheet,1962-10\n", encoding="utf-8")
    good_json = tmp_path / "good.jsonl"
    good_json.write_text('{"record_id": "j1", "title": "From JSON"}\n', encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,title,date\nb1,Bad,someday\n", encoding="utf-8")
    result = run(good_csv, bad, good_json, volume(tmp_path))
    assert result.exit_code == 1
    assert f"{bad}:2: field 'date'" in result.output and "nothing from this file was stored" in result.output
    assert f"{good_csv}: 1 added" in result.output
    assert ("ingested 3 of 4 files: 5 added, 0 updated, 0 unchanged, 0 conflicts "
            "(3 documents, 2 authority records)") in result.output
    assert set(Document.objects.values_list("record_id", flat=True)) == {"c1", "j1", "frus1999v01-d1"}
    again = run("--quiet", good_csv, good_json, volume(tmp_path))
    assert again.exit_code == 0
    assert again.output.strip().splitlines() == [
        "ingested 3 of 3 files: 0 added, 0 updated, 5 unchanged, 0 conflicts "
        "(3 documents, 2 authority records); 1 editorial note skipped; 1 glossary term"]


def test_forced_format_and_directories(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "rows.txt").write_text("record_id,title\nt1,Text file\n", encoding="utf-8")
    (folder / "one.csv").write_text("record_id,title\nd1,In a folder\n", encoding="utf-8")
    assert run("--format", "csv", folder / "rows.txt").exit_code == 0
    assert run(folder).exit_code == 0  # the folder's .csv file; rows.txt has no known suffix
    assert set(Document.objects.values_list("record_id", flat=True)) == {"t1", "d1"}


def test_changed_volume_updates_in_place_and_keeps_enrichment_links(db, tmp_path, settings):
    from archivist.records.models import Link

    store_records(volume(tmp_path), read_tei(volume(tmp_path)))
    document = Document.objects.get(record_id="frus1999v01-d1")
    someone = Authority.objects.create(kind="person", key="someone", sort_name="One, Some",
                                       display_name="Some One")
    Link.objects.create(document=document, authority=someone, role="associated", status="proposed")
    changed = volume(tmp_path, replace=("Quoted.", "Quoted, revised."))
    report = store_records(changed, read_tei(changed))
    assert report.counts == {"updated": 1, "unchanged": 2}
    assert "Quoted, revised." in document.texts.get().body
    assert set(document.links.values_list("authority__key", "status")) >= {
        ("someone", "proposed"), ("frus1999v01-p_A1", "curated")}
    attachment = document.attachments.get()
    assert (Path(settings.MEDIA_ROOT) / attachment.path).read_bytes().count(b"Quoted, revised.") == 1
    folder = (Path(settings.MEDIA_ROOT) / attachment.path).parent
    assert [p.name for p in folder.iterdir()] == [Path(attachment.path).name]  # the old version is gone


def test_a_chapter_head_longer_than_a_name_makes_a_shortened_topic(db, tmp_path):
    head = "Chapter " + "of many words " * 60
    path = volume(tmp_path, replace=("Chapter One", head))
    store_records(path, read_tei(path))
    topic = Authority.objects.get(kind="topic")
    assert len(topic.sort_name) <= 500 and topic.sort_name.endswith("words…")
    assert topic.description.startswith(head.strip())
