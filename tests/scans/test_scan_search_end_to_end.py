"""Issue #15's "done when": scans of several pages in Latin, Cyrillic and Chinese script, attached with
`archivist attach ... --language L --wait` and read by real tesseract, are found through /search.json
by a word of each, with the page it is on; the document's IIIF manifest has a canvas per page with
its image and transcription (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import transaction
from django.test import override_settings

from archivist.cli.main import cli
from bench.ocr.generate import render_page

RECORD = "scan-e2e"
# Each scan's language and its pages' texts, rendered with Debian's fonts (DejaVu Sans, Noto Sans CJK).
# The words searched for (on the second page of each) are in neither the title nor the text.
SCANS = {
    "en": ["Memorandum of conversation about the railway agreement.",
           "The delegation reached Vladivostok harbour on Monday."],
    "ru": ["Совещание началось в десять часов утра.",
           "Делегация прибыла в Хабаровск в понедельник."],
    "zh-Hans": ["会议在北京举行。", "代表团星期一抵达上海港口。"],
}
FOUND = [("Vladivostok", 2, "<mark>Vladivostok</mark>"), ("Хабаровск", 4, "<mark>Хабаровск</mark>"),
         ("上海", 6, "<mark>上海</mark>")]


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _scan_files(folder: Path) -> list[tuple[str, list[Path]]]:
    """English as one image-only PDF of two pages, Russian as two PNG files, Chinese as a two-page TIFF."""
    english, russian, chinese = ([render_page(text, language, width=900) for text in texts]
                                 for language, texts in SCANS.items())
    english[0].save(folder / "english.pdf", "PDF", resolution=200, save_all=True, append_images=english[1:])
    for number, page in enumerate(russian, start=1):
        page.save(folder / f"russian-{number}.png")
    chinese[0].save(folder / "chinese.tif", "TIFF", save_all=True, append_images=chinese[1:],
                    compression="tiff_deflate")
    return [("en", [folder / "english.pdf"]),
            ("ru", [folder / "russian-1.png", folder / "russian-2.png"]),
            ("zh-Hans", [folder / "chinese.tif"])]


@pytest.fixture(scope="module")
def scanned(django_db_setup, django_db_blocker, tmp_path_factory):
    """One published document with the three scans attached and read, once for the module, in a
    transaction rolled back at its end; returns the archive's folder and what each `attach --wait`
    printed."""
    folder = tmp_path_factory.mktemp("scan-e2e")
    record = folder / "record.json"
    record.write_text(json.dumps({"record_id": RECORD, "title": "Report of the delegation", "date": "1950-02",
                                  "text": "A report in three languages.", "text_language": "English"}))
    with (pytest.MonkeyPatch.context() as patch, override_settings(MEDIA_ROOT=str(folder / "files")),
          django_db_blocker.unblock(), transaction.atomic()):
        patch.setenv("ARCHIVIST_HOME", str(folder / "home"))
        run("load", record)
        yield folder, [run("attach", RECORD, *files, "--language", language, "--wait").output
                       for language, files in _scan_files(folder)]
        transaction.set_rollback(True)


@pytest.fixture
def archive(scanned, db, settings, monkeypatch):
    """The module's archive (its files and search index) for this test; what `attach` printed."""
    folder, printed = scanned
    settings.MEDIA_ROOT = str(folder / "files")
    monkeypatch.setenv("ARCHIVIST_HOME", str(folder / "home"))
    return printed


def test_attach_waits_for_ocr_of_every_page(archive):
    english, russian, chinese = archive
    assert f"{RECORD}: 2 pages attached (pages 1-2)" in english
    assert f"{RECORD}: 2 pages attached (pages 3-4)" in russian
    assert f"{RECORD}: 2 pages attached (pages 5-6)" in chinese
    for output in archive:
        assert output.count("OCR done") == 2, output


@pytest.mark.parametrize(("word", "number", "marked"), FOUND)
def test_a_word_of_each_script_is_found_with_its_page(archive, client, word, number, marked):
    answer = client.get("/search.json", {"q": word}).json()
    assert [result["record_id"] for result in answer["results"]] == [RECORD]
    [page] = answer["results"][0]["pages"]
    assert page["number"] == number
    assert marked in page["snippet"]
    assert page["url"].startswith(f"/documents/{RECORD}?page={number}&q=") and page["url"].endswith("#scan")
    assert client.get(page["url"].partition("#")[0]).status_code == 200


def test_words_of_two_pages_name_both(archive, client):
    answer = client.get("/search.json", {"q": "delegation Делегация"}).json()
    assert [page["number"] for page in answer["results"][0]["pages"]] == [2, 4]


def test_the_document_twin_lists_the_pages_read(archive, client):
    pages = client.get(f"/documents/{RECORD}.json").json()["pages"]
    assert [(p["number"], p["text_source"], p["ocr_status"]) for p in pages] == [
        (n, "ocr", "done") for n in range(1, 7)]
    assert "Vladivostok" in pages[1]["text"] and "上海" in pages[5]["text"]


def test_the_manifest_has_a_canvas_per_page_with_image_and_transcription(archive, client, settings):
    response = client.get(f"/documents/{RECORD}/manifest.json")
    assert response.status_code == 200
    manifest = response.json()
    base = settings.BASE_URL
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest" and manifest["id"] == f"{base}/documents/{RECORD}/manifest.json"
    assert manifest["label"] == {"none": ["Report of the delegation"]}
    assert {service["type"] for service in manifest["service"]} >= {"SearchService2"}
    canvases = manifest["items"]
    assert [canvas["id"] for canvas in canvases] == [
        f"{base}/documents/{RECORD}/canvas/{number}" for number in range(1, 7)]
    for number, canvas in enumerate(canvases, start=1):
        assert canvas["type"] == "Canvas" and canvas["width"] > 0 and canvas["height"] > 0
        [painting] = canvas["items"][0]["items"]
        assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
        image = painting["body"]
        assert image["type"] == "Image" and image["service"][0]["type"] == "ImageService3"
        assert client.get(image["id"].removeprefix(base)).status_code == 200
        lines = [annotation["body"]["value"] for page in canvas["annotations"] for annotation in page["items"]
                 if annotation["motivation"] == "supplementing"]
        assert lines, f"page {number} has no transcription"
    english = " ".join(a["body"]["value"] for a in canvases[1]["annotations"][0]["items"])
    assert "Vladivostok" in english
    hits = client.get(f"/iiif/search/{RECORD}", {"q": "Хабаровск"}).json()["items"]
    assert [hit["target"].rsplit("/", 1)[1].partition("#")[0] for hit in hits] == ["4"]
