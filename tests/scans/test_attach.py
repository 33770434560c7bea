"""Attaching scans through `archivist attach`: PDFs with and without a text layer, TIFF, JPEG and PNG;
broken and oversized files refused by name with nothing changed (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageFont
from reversion.models import Version

from archivist.cli.main import cli
from archivist.records.models import Attachment, Change
from archivist.scans.models import Page
from archivist.scans.reading import MAX_PIXELS
from tests.scans.ocrpages import skip_without_tesseract
from tests.scans.scanfiles import bomb_png, image_pdf, page_image, pdf_bomb, slow_pdf, text_pdf, tiff

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def archive(db, tmp_path, settings):
    """A document "letter-1", and the files directory in the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "files")
    record = tmp_path / "letter.json"
    record.write_text(json.dumps({"record_id": "letter-1", "title": "A letter", "date": "1962-10-22",
                                  "text": "Dear sir."}))
    assert run("load", record).exit_code == 0
    return Path(settings.MEDIA_ROOT)


def stored_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_attach_pdfs_and_images_numbers_pages_and_keeps_the_text_layer(archive, tmp_path):
    texts = tmp_path / "texts.pdf"
    text_pdf(texts, ["Hello archive world", "Second page here"])
    scanned = image_pdf(tmp_path / "scanned.pdf", 2)
    result = run("attach", "letter-1", texts, scanned, "--language", "en")
    assert result.exit_code == 0, result.output
    assert "letter-1: 4 pages attached (pages 1-4); 2 with a text layer, 2 queued for OCR" in result.output

    pages = list(Page.objects.order_by("number"))
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.ocr_status for p in pages] == ["not_needed", "not_needed", "pending", "pending"]
    assert [p.text_source for p in pages] == ["pdf", "pdf", "", ""]
    assert pages[0].text == "Hello archive world" and pages[1].text == "Second page here"
    # rendered at 300 dpi: a US letter page is 2550 x 3300 pixels (pdfium may round a pixel up)
    assert pages[0].width in (2550, 2551) and pages[0].height in (3300, 3301)
    # the word boxes are in the image's pixels: the text starts 72 pt (300 px; H's ink a little after)
    # from the left, its baseline 100 pt (417 px) below the top
    boxes = {word: tuple(map(int, box.split())) for box, word in
             re.findall(r'class="ocrx_word"[^>]*title="bbox ([\d ]+)">([^<]+)<', pages[0].words)}
    assert list(boxes) == ["Hello", "archive", "world"]
    x0, y0, x1, y1 = boxes["Hello"]
    assert 300 <= x0 <= 320 and 330 <= y0 < y1 <= 420 and x0 < x1 < boxes["archive"][0]
    size = f"{pages[0].width} {pages[0].height}"
    assert f'class="ocr_page" id="page_1" title="bbox 0 0 {size}"' in pages[0].words

    first, second = Attachment.objects.filter(kind="scan").order_by("position")
    assert (first.filename, first.media_type, first.language, first.text_kind) == (
        "texts.pdf", "application/pdf", "en", "original")
    assert first.size == texts.stat().st_size and len(first.sha256) == 64
    assert (archive / first.path).read_bytes() == texts.read_bytes()
    for page in pages:
        with Image.open(archive / page.image) as image:
            assert image.size == (page.width, page.height) and image.format == "PNG"
        assert (archive / "iiif" / "letter-1" / str(page.number) / "info.json").is_file()
    assert Change.objects.filter(record_id="letter-1").count() >= 2  # the load, then the scans
    version = Version.objects.get_for_model(Attachment).get(object_id=str(first.pk))
    assert version.revision.comment.startswith("attached scans texts.pdf, scanned.pdf (command line,")


def test_a_later_attach_continues_the_numbering_with_tiff_jpeg_and_png(archive, tmp_path):
    run("attach", "letter-1", image_pdf(tmp_path / "a.pdf", 1))
    page_image("photo").save(tmp_path / "photo.jpg", "JPEG")
    page_image("png", mode="P").save(tmp_path / "plain.png")
    result = run("attach", "letter-1", tiff(tmp_path / "leaves.tif", 3), tmp_path / "photo.jpg",
                 tmp_path / "plain.png", "--kind", "translation", "--language", "ru")
    assert result.exit_code == 0, result.output
    pages = list(Page.objects.order_by("number").select_related("attachment"))
    assert [p.number for p in pages] == [1, 2, 3, 4, 5, 6]
    assert [p.attachment.media_type for p in pages] == ["application/pdf", *["image/tiff"] * 3,
                                                        "image/jpeg", "image/png"]
    assert [Path(p.image).suffix for p in pages] == [".png", ".png", ".png", ".png", ".jpg", ".png"]
    assert {p.attachment.text_kind for p in pages[1:]} == {"translation"}
    assert all(p.ocr_status == "pending" for p in pages) and {p.width for p in pages[1:]} == {400}


def test_the_type_is_read_from_the_content_not_the_name(archive, tmp_path):
    disguised = tmp_path / "scan.png"
    image_pdf(disguised, 1)  # a PDF named .png
    assert run("attach", "letter-1", disguised).exit_code == 0
    assert Attachment.objects.get(kind="scan").media_type == "application/pdf"


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage" * 3)
    truncated = tmp_path / "truncated.png"
    page_image("cut", size=(800, 600)).save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:-400])
    text = tmp_path / "notes.png"
    text.write_text("not an image at all\n")
    return {
        "corrupt PDF": (corrupt, "corrupt.pdf: cannot be read as a PDF"),
        "truncated PNG": (truncated, "truncated.png, page 1: cannot be read"),
        "bomb": (bomb_png(tmp_path / "bomb.png"),
                 f"bomb.png: is an image of 900,000,000 pixels; at most {MAX_PIXELS:,} pixels a page"),
        "not an image": (text, "notes.png: is not a PDF, TIFF, JPEG or PNG file"),
    }


@pytest.mark.parametrize("case", ["corrupt PDF", "truncated PNG", "bomb", "not an image"])
def test_a_bad_file_is_named_and_nothing_is_stored(archive, tmp_path, case):
    good = text_pdf(tmp_path / "good.pdf", ["Fine page"])
    bad, message = _bad_files(tmp_path)[case]
    before = stored_files(archive)
    changes = Change.objects.count()
    result = run("attach", "letter-1", good, bad)
    assert result.exit_code == 1
    assert f"error: {message}" in result.output and "nothing was attached" in result.output
    assert not Attachment.objects.filter(kind="scan").exists() and not Page.objects.exists()
    assert Change.objects.count() == changes
    assert stored_files(archive) == before
    assert not [p for p in archive.iterdir() if p.name.startswith(".partial")]


def _refused_with_nothing_stored(archive: Path, files: list[Path], message: str) -> None:
    before, changes = stored_files(archive), Change.objects.count()
    result = run("attach", "letter-1", *files)
    assert result.exit_code == 1 and f"error: {message}" in result.output, result.output
    assert not Page.objects.exists() and Change.objects.count() == changes
    assert stored_files(archive) == before
    assert not [p for p in archive.iterdir() if p.name.startswith(".partial")]


def test_a_pdf_bomb_in_a_compressed_stream_is_refused_by_the_memory_limit(archive, tmp_path, monkeypatch):
    # a 1 MB PDF of a letter-size page whose content stream inflates to 1 GB: its size says nothing, so
    # only the reader's memory limit (low here, to be quick) stops it, in a child process
    monkeypatch.setenv("ARCHIVIST_SCAN_MEMORY_MB", "300")
    good = text_pdf(tmp_path / "good.pdf", ["Fine page"])
    _refused_with_nothing_stored(archive, [good, pdf_bomb(tmp_path / "bomb.pdf")],
                                 "bomb.pdf, page 1: exceeds the memory limit of 300 MB for reading a scan "
                                 "(ARCHIVIST_SCAN_MEMORY_MB); nothing was attached")
    assert run("attach", "letter-1", good).exit_code == 0  # the process attaching is unharmed


def test_an_image_needing_more_memory_than_the_limit_is_refused(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_SCAN_MEMORY_MB", "300")
    page_image("wide", size=(6000, 6000), mode="RGBA").save(tmp_path / "large.png", compress_level=1)
    _refused_with_nothing_stored(archive, [tmp_path / "large.png"],
                                 "large.png, page 1: exceeds the memory limit of 300 MB")


def test_a_pdf_slow_to_read_is_refused_by_the_time_limit(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_SCAN_SECONDS", "1")
    _refused_with_nothing_stored(archive, [slow_pdf(tmp_path / "slow.pdf")],
                                 "slow.pdf, page 1: took longer than 1 s to read (ARCHIVIST_SCAN_SECONDS); "
                                 "nothing was attached")


def test_unknown_document_and_bad_language_are_refused(archive, tmp_path):
    scan = image_pdf(tmp_path / "a.pdf", 1)
    assert "error: no document 'nope'" in run("attach", "nope", scan).output
    result = run("attach", "letter-1", scan, "--language", "en_US!")
    assert result.exit_code == 1 and "BCP 47" in result.output
    assert not Page.objects.exists()


def test_deleting_a_scan_removes_its_pages_and_files(archive, tmp_path, django_capture_on_commit_callbacks):
    run("attach", "letter-1", image_pdf(tmp_path / "a.pdf", 2))
    run("attach", "letter-1", image_pdf(tmp_path / "b.pdf", 1))
    first = Attachment.objects.filter(kind="scan").order_by("position").first()
    kept = Page.objects.get(number=3)
    changes = Change.objects.filter(record_id="letter-1").count()
    with django_capture_on_commit_callbacks(execute=True):
        from archivist.scans.services import remove_scan
        remove_scan(first, actor="a curator")
    assert list(Page.objects.values_list("number", flat=True)) == [3]
    assert Change.objects.filter(record_id="letter-1").count() == changes + 1  # search drops its pages
    assert Version.objects.get_for_object(first.document).first().revision.comment == (
        "removed scan a.pdf (a curator)")
    tiles = [f.relative_to(archive).as_posix() for f in (archive / "iiif" / "letter-1" / "3").rglob("*")
             if f.is_file()]
    assert tiles and stored_files(archive) == sorted([kept.attachment.path, kept.image, *tiles])


def test_attach_wait_reads_the_new_pages_with_tesseract(archive, tmp_path):
    skip_without_tesseract()
    image = Image.new("L", (1200, 300), "white")
    from PIL import ImageDraw

    ImageDraw.Draw(image).text((40, 100), "Archivist reads scans", fill="black",
                               font=ImageFont.truetype(FONT, 64))
    image.save(tmp_path / "words.png")
    result = run("attach", "letter-1", tmp_path / "words.png", "--language", "en", "--wait")
    assert result.exit_code == 0, result.output
    page = Page.objects.get()
    assert page.ocr_status == "done" and "Archivist reads scans" in page.text
    assert "page 1: OCR done: 3 words" in result.output


def test_check_reports_a_missing_page_image(archive, tmp_path):
    run("attach", "letter-1", image_pdf(tmp_path / "a.pdf", 2))
    lost = Page.objects.get(number=2).image
    (archive / lost).unlink()
    result = run("check")
    assert result.exit_code == 1
    assert "attached file is missing" in result.output and f"letter-1: {lost}" in result.output


def test_deleting_the_document_removes_its_scans_files(archive, tmp_path, django_capture_on_commit_callbacks):
    from archivist.records.services import delete_document

    run("attach", "letter-1", image_pdf(tmp_path / "a.pdf", 2), tiff(tmp_path / "b.tif", 1))
    assert stored_files(archive)
    with django_capture_on_commit_callbacks(execute=True):
        assert delete_document("letter-1")
    assert not Page.objects.exists() and stored_files(archive) == []


def test_control_characters_leave_a_scans_name(archive, tmp_path):
    from archivist.scans.services import attach

    attach("letter-1", [image_pdf(tmp_path / "a.pdf", 1)], names=["cable\x00\n\x1b[31m.pdf"])
    assert Attachment.objects.get(kind="scan").filename == "cable[31m.pdf"
