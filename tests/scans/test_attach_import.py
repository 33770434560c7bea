"""Scans attached by imports: `files` entries with a `source` in the JSON record format and the `scans`
column of a CSV file, through the same service as `archivist attach`; importing again adds no page
twice and never brings back a scan a curator removed; errors name the file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Attachment, Document
from archivist.scans.models import Page
from archivist.scans.services import remove_scan
from tests.scans.scanfiles import image_pdf, text_pdf, tiff
from tests.scans.test_attach import stored_files


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def files(db, tmp_path, settings) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "files")
    return Path(settings.MEDIA_ROOT)


def records(folder: Path, *documents: dict) -> Path:
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in documents))
    return path


def document(record_id: str, *scans: dict, files: tuple = ()) -> dict:
    return {"record_id": record_id, "title": f"Document {record_id}", "date": "1950-01-01",
            "files": [*files, *scans]}


def test_a_record_format_scan_is_attached_once_and_a_removed_one_stays_removed(
        files, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "scans").mkdir()
    text_pdf(tmp_path / "scans" / "cable.pdf", ["Cable text"])
    tiff(tmp_path / "scans" / "reply.tif", 2)
    path = records(tmp_path, document("imp-1",
                                      {"kind": "scan", "source": "scans/cable.pdf", "language": "ru"},
                                      {"source": "scans/reply.tif", "text_kind": "translation"}))
    result = run("load", path)
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and "3 scan pages attached" in result.output
    pages = list(Page.objects.order_by("number").select_related("attachment"))
    assert [(p.number, p.attachment.filename, p.attachment.language, p.attachment.text_kind, p.ocr_status)
            for p in pages] == [(1, "cable.pdf", "ru", "original", "not_needed"),
                                (2, "reply.tif", "", "translation", "pending"),
                                (3, "reply.tif", "", "translation", "pending")]

    again = run("load", path)
    assert "1 unchanged" in again.output and "attached" not in again.output
    assert Page.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        remove_scan(Attachment.objects.get(filename="cable.pdf"))  # a curator's decision
    run("load", path)
    assert list(Page.objects.values_list("number", flat=True)) == [2, 3]
    assert not Attachment.objects.filter(filename="cable.pdf").exists()


def test_importing_again_with_other_files_keeps_the_scans_and_their_positions(files, tmp_path):
    scan = image_pdf(tmp_path / "scan.pdf", 1)
    xml = {"kind": "xml", "filename": "a.xml", "media_type": "application/xml", "url": "https://example.org/a.xml"}
    path = records(tmp_path, document("imp-2", files=(xml,)))
    run("load", path)
    assert run("attach", "imp-2", scan).exit_code == 0  # a curator's scan, at position 1
    other = {**xml, "filename": "b.xml", "url": "https://example.org/b.xml"}
    path = records(tmp_path, document("imp-2", {"kind": "scan", "source": "scan.pdf"}, files=(xml, other)))
    result = run("load", path)
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output and "0 conflicts" in result.output
    # the same scan (same content) is not attached twice; the files the import changed are replaced
    assert [(a.position, a.filename) for a in Attachment.objects.order_by("position")] == [
        (0, "a.xml"), (1, "scan.pdf"), (2, "b.xml")]
    assert Page.objects.count() == 1


def test_a_csv_scans_column_attaches_files_beside_the_csv(files, tmp_path):
    (tmp_path / "img").mkdir()
    image_pdf(tmp_path / "img" / "one.pdf", 1)
    tiff(tmp_path / "img" / "two.tif", 1)
    csv = tmp_path / "documents.csv"
    csv.write_text("record_id,title,scans,scans_language,scans_kind\n"
                   "csv-1,Letter,img/one.pdf; img/two.tif,de,translation\n")
    result = run("ingest", csv)
    assert result.exit_code == 0, result.output
    assert [(a.filename, a.language, a.text_kind) for a in Attachment.objects.order_by("position")] == [
        ("one.pdf", "de", "translation"), ("two.tif", "de", "translation")]
    assert Page.objects.count() == 2


@pytest.mark.parametrize("scan, field, message", [
    ({"source": "missing.pdf"}, "files[0].source", "no file 'missing.pdf' beside the record file"),
    ({"source": "broken.pdf"}, "files[0].source", "broken.pdf: cannot be read as a PDF"),
    ({"source": "../outside.pdf"}, "files[0].source", "is not a path relative to the record file's folder"),
    ({"source": "ok.pdf", "text_kind": "copy"}, "files[0].text_kind", "must be original or translation"),
    ({"source": "ok.pdf", "kind": "pdf"}, "files[0].kind", "its kind is scan"),
])
def test_a_bad_scan_names_file_line_and_field_and_nothing_is_stored(files, tmp_path, scan, field, message):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really")
    image_pdf(tmp_path / "ok.pdf", 1)
    path = records(tmp_path, document("imp-3", {"kind": "scan", "source": "ok.pdf"}),
                   document("imp-4", {"kind": "scan", **scan}))
    result = run("load", path)
    assert result.exit_code == 1
    assert f"{path}:2: field '{field}': " in result.output and message in result.output
    assert not Document.objects.exists() and not Page.objects.exists()
    assert stored_files(files) == []  # the first record's scan, attached before the error, is gone too


def test_loading_an_export_again_changes_no_scan(files, tmp_path):
    path = records(tmp_path, document("imp-5"))
    run("load", path)
    run("attach", "imp-5", image_pdf(tmp_path / "scan.pdf", 2))
    exported = tmp_path / "export.jsonl"
    assert run("export", "-o", exported).exit_code == 0
    [record] = [json.loads(line) for line in exported.read_text().splitlines()
                if json.loads(line).get("record_id") == "imp-5"]
    assert [f["path"] for f in record["files"]] == [Attachment.objects.get().path]  # the export names it
    result = run("load", exported)
    assert result.exit_code == 0 and "0 conflicts" in result.output, result.output
    assert Attachment.objects.count() == 1 and Page.objects.count() == 2
