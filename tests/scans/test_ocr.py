"""OCR of scan pages by Debian's tesseract: pages of known text in English, Russian and Chinese, drawn
with Debian's fonts and attached as scans, come back as text with word boxes on the image; a page being
read elsewhere is left to its reader; pages are read again on request; without tesseract or a
language's data, pages wait and the reason is said (SQLite and PostgreSQL). The worker and two readers
at once: test_ocr_worker.py."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from lxml import html

from archivist.records.models import Change
from archivist.scans import ocr
from archivist.scans.models import Page
from archivist.scans.services import attach
from tests.scans.ocrpages import DEJAVU, NOTO_CJK, draw_page, load_document, run, skip_without_tesseract
from tests.scans.scanfiles import text_pdf

skip_without_tesseract()
Status = Page.OcrStatus
# language, font, lines drawn; the words each page must give back
PAGES = {
    "en": (DEJAVU, ["Memorandum of conversation", "The ambassador arrived in Geneva"],
           ["Memorandum", "conversation", "ambassador", "Geneva"]),
    "ru": (DEJAVU, ["Записка о беседе с послом", "Посол прибыл в Москву"],
           ["Записка", "беседе", "послом", "Москву"]),
    "zh": (NOTO_CJK, ["会谈记录", "大使到达北京"], ["会谈记录", "大使到达北京"]),
}


def word_boxes(hocr: str) -> list[tuple[str, tuple[int, ...]]]:
    """Each ocrx_word of an hOCR page with its bbox."""
    words = []
    for span in html.fromstring(hocr.encode()).xpath("//span[@class='ocrx_word']"):
        box = re.search(r"bbox (\d+) (\d+) (\d+) (\d+)", span.get("title"))
        words.append((span.text_content().strip(), tuple(int(n) for n in box.groups())))
    return words


@pytest.fixture(scope="module")
def read(django_db_setup, django_db_blocker, tmp_path_factory):
    """One document with a scan in each language, attached and read once for the module, in a
    transaction rolled back at its end; returns the line boxes drawn, by language."""
    folder = tmp_path_factory.mktemp("ocr")
    with (pytest.MonkeyPatch.context() as environment, override_settings(MEDIA_ROOT=str(folder / "files")),
          django_db_blocker.unblock(), transaction.atomic()):
        environment.setenv("ARCHIVIST_HOME", str(folder / "home"))  # its own search index
        load_document(folder, "scans-1")
        drawn = {}
        for language, (font, lines, _) in PAGES.items():
            drawn[language] = draw_page(folder / f"{language}.png", font, lines)
            attach("scans-1", [folder / f"{language}.png"], language=language)
        changes_before = Change.objects.filter(record_id="scans-1").count()
        pages_read = ocr.read_pending()
        yield {"drawn": drawn, "pages_read": pages_read,
               "changes": Change.objects.filter(record_id="scans-1").count() - changes_before}
        transaction.set_rollback(True)


@pytest.fixture
def archive(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "files")
    return tmp_path


def page_of(language: str) -> Page:
    return Page.objects.get(document__record_id="scans-1", attachment__language=language)


@pytest.mark.parametrize("language", PAGES)
def test_the_words_of_each_language_come_back(read, db, language):
    page = page_of(language)
    assert (page.ocr_status, page.text_source, page.ocr_error) == (Status.DONE, "ocr", "")
    assert page.ocr_languages == {"en": "eng", "ru": "rus", "zh": "chi_sim"}[language]
    for word in PAGES[language][2]:
        assert word in page.text, (word, page.text)
    assert read["pages_read"] == 3


def test_chinese_text_has_no_spaces_between_characters_and_its_hocr_a_box_for_each(read, db):
    page = page_of("zh")
    assert [line for line in page.text.splitlines() if line] == ["会谈记录", "大使到达北京"]
    assert ocr.page_text("会 谈 记 录 the 大 使\n到 达") == "会谈记录 the 大使\n到达"
    assert len(word_boxes(page.words)) >= len("会谈记录大使到达北京") - 2


@pytest.mark.parametrize("language", PAGES)
def test_hocr_has_the_words_boxes_inside_the_image_where_they_were_drawn(read, db, language):
    page = page_of(language)
    words = word_boxes(page.words)
    assert words
    for _, (left, top, right, bottom) in words:
        assert 0 <= left < right <= page.width and 0 <= top < bottom <= page.height
    # The first line's first word lies within the line drawn (a few pixels' margin).
    first_line = read["drawn"][language][0]
    _, (left, top, right, bottom) = words[0]
    assert first_line[0] - 5 <= left and right <= first_line[2] + 5
    assert first_line[1] - 10 <= top and bottom <= first_line[3] + 10
    assert '"-"' in page.words or "image" not in page.words  # names no path of the server's


def test_a_page_taking_longer_than_its_time_fails_saying_so(read, db, settings):
    image = Path(settings.MEDIA_ROOT) / page_of("en").image
    with pytest.raises(ocr.OcrFailed, match=r"^tesseract took over 0.01 s$"):
        ocr.read_image(image, "eng", timeout=0.01)


def test_reading_a_documents_pages_writes_its_outbox_row_once(read, db):
    assert read["changes"] == 1


def test_progress_and_the_status_command(read, db):
    [document] = ocr.progress(["scans-1"])
    assert document.counts == {Status.DONE: 3}
    assert document.describe() == "3 of 3 pages of scans-1 read"
    shown = run("ocr", "scans-1")
    assert shown.exit_code == 0 and "3 of 3 pages of scans-1 read" in shown.output
    assert run("ocr", "missing-1").exit_code == 2


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "eng"), ("ru", "rus"), ("zh", "chi_sim"), ("zh-Hans", "chi_sim"), ("zh-CN", "chi_sim"),
    ("zh-Hant", "chi_tra"), ("zh-TW", "chi_tra"), ("zh-Hant-HK", "chi_tra"), ("de-CH", "deu"), ("fr", "fra"),
    ("ja", "jpn"), ("", "eng"), ("tlh", "eng"), ("../../etc", "eng")])
def test_languages(tag, expected):
    assert ocr.tesseract_languages(tag) == expected


def test_a_page_being_read_elsewhere_is_not_read_again_until_its_reader_is_lost(archive):
    load_document(archive, "busy-1")
    draw_page(archive / "a.png", DEJAVU, ["Aide-memoire"])
    [page] = attach("busy-1", [archive / "a.png"], language="en")
    Page.objects.filter(pk=page.pk).update(ocr_status=Status.RUNNING)
    assert ocr.read_pending() == 0
    summary = ocr.wait_for(["busy-1"], timeout=0.6)
    assert not summary.finished and summary.read == 0
    # A reader killed in the middle: its page may be claimed again once it is past any page's time.
    from django.utils import timezone

    lost = timezone.now() - ocr.STALE_AFTER - ocr.STALE_AFTER / 10
    Page.objects.filter(pk=page.pk).update(updated=lost)
    summary = ocr.wait_for(["busy-1"], timeout=60)
    assert summary.finished and summary.read == 1
    assert "Aide" in Page.objects.get(pk=page.pk).text


def test_run_again_reads_read_pages_again_and_text_layers_only_when_asked(archive):
    load_document(archive, "again-1")
    draw_page(archive / "a.png", DEJAVU, ["First reading"])
    text_pdf(archive / "layer.pdf", ["Typed text layer"])
    image_page, layer_page = attach("again-1", [archive / "a.png", archive / "layer.pdf"], language="en")
    assert layer_page.ocr_status == Status.NOT_NEEDED
    assert ocr.wait_for(["again-1"], timeout=60).read == 1
    assert ocr.progress(["again-1"])[0].describe() == "1 of 1 page of again-1 read (1 more with a text layer)"
    assert ocr.DocumentProgress("x", {Status.NOT_NEEDED: 2}).describe() == (
        "no page of x needs OCR (2 with a text layer)")
    assert ocr.run_again(["again-1"]) == 1
    image_page.refresh_from_db()
    assert image_page.ocr_status == Status.PENDING and "First reading" in image_page.text  # kept meanwhile
    assert run("ocr", "again-1", "--again", "--text-layer", "--wait").exit_code == 0
    for page in (image_page, layer_page):
        page.refresh_from_db()
        assert (page.ocr_status, page.text_source) == (Status.DONE, "ocr")
    assert "Typed" in layer_page.text and "First" in image_page.text


def test_without_tesseract_pages_wait_and_the_reason_is_said(archive, monkeypatch):
    load_document(archive, "waiting-1")
    draw_page(archive / "a.png", DEJAVU, ["Note verbale"])
    [page] = attach("waiting-1", [archive / "a.png"], language="en")
    monkeypatch.setenv("PATH", str(archive / "no-programs"))
    monkeypatch.setattr(ocr, "_installed", None)  # forget the languages listed by the tests before
    with pytest.raises(ocr.OcrUnavailable, match="tesseract is not installed.*apt-get install tesseract"):
        ocr.read_pending()
    summary = ocr.wait_for(["waiting-1"], timeout=30)
    assert summary.problem.startswith("tesseract is not installed") and not summary.finished
    shown = run("ocr", "waiting-1")
    assert "0 of 1 page of waiting-1 read, 1 waiting" in shown.output
    assert "tesseract is not installed" in shown.output  # the warning, on stderr
    checked = run("check").output
    assert "scans wait for OCR that cannot run" in checked and "tesseract is not installed" in checked
    assert "waiting-1: 1 page\n" in checked
    assert Page.objects.get(pk=page.pk).ocr_status == Status.PENDING


def test_without_a_languages_data_its_pages_wait_and_others_are_read(archive, monkeypatch):
    tessdata = archive / "tessdata"
    tessdata.mkdir()
    installed = Path(subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
                     .stdout.splitlines()[0].split('"')[1])
    for name in ("eng.traineddata", "configs"):  # English only, and the output formats
        (tessdata / name).symlink_to(installed / name)
    monkeypatch.setenv("TESSDATA_PREFIX", str(tessdata))
    monkeypatch.setattr(ocr, "_installed", None)
    load_document(archive, "mixed-1")
    draw_page(archive / "en.png", DEJAVU, ["Memorandum"])
    draw_page(archive / "ru.png", DEJAVU, ["Записка"])
    [english] = attach("mixed-1", [archive / "en.png"], language="en")
    [russian] = attach("mixed-1", [archive / "ru.png"], language="ru")
    assert ocr.read_pending() == 1
    with pytest.raises(ocr.OcrUnavailable, match=r"no data for Russian \(rus\).*tesseract-ocr-rus"):
        ocr.read_pending()
    assert "tesseract-ocr-rus" in ocr.unavailable()
    assert Page.objects.get(pk=english.pk).ocr_status == Status.DONE
    assert Page.objects.get(pk=russian.pk).ocr_status == Status.PENDING
    monkeypatch.setattr(ocr, "_installed", None)  # no stale list for the tests after
