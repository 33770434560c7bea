"""IIIF: a published document's scan pages through the Image API 3 (level 0: every tile and size listed
in info.json answers a JPEG of its stated size, nothing else does), its Presentation 3 manifest (read
back by iiif-prezi3) and Content Search 2.0 and 1.0 (hits boxed on the canvas, from hOCR written here
and from real tesseract); drafts, restricted and embargoed documents answer 404 everywhere."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from iiif_prezi3 import Manifest
from PIL import Image, ImageDraw, ImageFont

from archivist.records.models import Document
from archivist.scans import tiles
from archivist.scans.models import Page
from tests.conftest import DEMO_AUTHORITIES, SEED

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
UNPUBLISHED = ("zqdraft", "zqrestricted", "zqembargoed")
# A page's hOCR as tesseract writes it: a Latin line with an accented word, a Chinese line of characters.
HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>
<div class='ocr_page' title='bbox 0 0 1300 1700'>
 <span class='ocr_line' title='bbox 100 200 900 260'>
  <span class='ocrx_word' title='bbox 100 200 260 260; x_wconf 96'>The</span>
  <span class='ocrx_word' title='bbox 280 200 480 260; x_wconf 95'>Soviet</span>
  <span class='ocrx_word' title='bbox 500 200 760 260; x_wconf 91'>Délégation,</span>
  <span class='ocrx_word' title='bbox 780 200 900 260; x_wconf 90'>&lt;b&gt;</span>
 </span>
 <span class='ocr_line' title='bbox 100 400 500 460'>
  <span class='ocrx_word' title='bbox 100 400 160 460'>毛</span>
  <span class='ocrx_word' title='bbox 170 400 230 460'>泽</span>
  <span class='ocrx_word' title='bbox 240 400 300 460'>东</span>
  <span class='ocrx_word' title='bbox 310 400 370 460'>同志</span>
 </span>
 <span class='ocr_line' title='bbox 100 600 700 660'>
  <span class='ocrx_word' title='bbox 100 600 300 660'>soviet</span>
  <span class='ocrx_word' title='bbox 320 600 99999 660'>far</span>
  <span class='ocrx_word' title='bbox 400 700 300 650'>zqinverted</span>
 </span>
</div></body></html>"""


def _attach(record_id: str, image: Image.Image, folder: Path, name: str, **options) -> Page:
    """An image attached as a scan through the attach service (which stores it and makes its tiles)."""
    from archivist.scans.services import attach

    path = folder / name
    image.save(path)
    [page] = attach(record_id, [path], **options)
    return page


def _transcribed(page: Page, text: str, words: str = "") -> None:
    """The page's text and hOCR, as OCR or a PDF's text layer stores them."""
    Page.objects.filter(pk=page.pk).update(text=text, words=words, ocr_status=Page.OcrStatus.DONE,
                                           updated=timezone.now())


def _typed_page(lines: list[str]) -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A white page with lines of large type, and where each word was drawn."""
    image = Image.new("L", (1400, 900), "white")
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT, 56)
    boxes = {}
    for row, line in enumerate(lines):
        x, y = 80, 120 + row * 140
        for word in line.split():
            boxes[word] = draw.textbbox((x, y), word, font=font)
            draw.text((x, y), word, font=font, fill=0)
            x = boxes[word][2] + draw.textlength(" ", font=font)
    return image, boxes


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The reference record with three scan pages attached (hOCR given as OCR would store it, a
    translation's text without boxes, real OCR), and unpublished documents with a page each; stored once
    for the module and rolled back at its end."""
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_document
    from archivist.scans.ocr import read_pending

    home = tmp_path_factory.mktemp("iiif")
    old_home = os.environ.get("ARCHIVIST_HOME")
    os.environ["ARCHIVIST_HOME"] = str(home / "home")
    try:
        with (override_settings(MEDIA_ROOT=str(home / "files")), django_db_blocker.unblock(),
              transaction.atomic()):
            for path in (DEMO_AUTHORITIES, SEED):
                store_records(path, read_json_records(path))
            document = Document.objects.get(record_id="110390")
            Document.objects.filter(pk=document.pk).update(
                rights="http://rightsstatements.org/vocab/InC-EDU/1.0/")
            given = home / "given"
            given.mkdir()
            first = _attach("110390", Image.new("L", (1300, 1700), "white"), given, "p1.png", language="en")
            second = _attach("110390", Image.new("RGB", (600, 400), (240, 230, 200)), given, "p2.jpg",
                             language="en", text_kind="translation")
            image, boxes = _typed_page(["Moscow telegram received", "Confidential cable"])
            _attach("110390", image, given, "p3.png", language="en")
            read_pending(record_ids=["110390"])  # real tesseract
            _transcribed(first, "The Soviet Délégation", HOCR)
            _transcribed(second, "A translation without word boxes.")
            for record_id, status in zip(UNPUBLISHED, ("draft", "restricted", "restricted"), strict=True):
                save_document(read_document({"type": "document", "record_id": record_id, "title": "Secret",
                                             "status": status, "text": "soviet", "text_language": "English"}))
                page = _attach(record_id, Image.new("L", (700, 700)), given, f"{record_id}.png")
                _transcribed(page, "soviet", HOCR)
            Document.objects.filter(record_id="zqembargoed").update(embargoed_until=dt.date(2099, 1, 1))
            yield {"telegram": boxes["telegram"]}
            transaction.set_rollback(True)
    finally:
        if old_home is None:
            os.environ.pop("ARCHIVIST_HOME", None)
        else:
            os.environ["ARCHIVIST_HOME"] = old_home


@pytest.fixture
def scans(archive, db):
    return archive


def _path(url: str) -> str:
    """An absolute URL of this archive as the test client's path (with its query)."""
    assert url.startswith(settings.BASE_URL + "/"), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _jpeg_size(response) -> tuple[int, int]:
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.format == "JPEG"
        return image.size


def _size_name(size: tuple[int, int], width: int, height: int) -> str:
    return "max" if size == (width, height) else f"{size[0]},{size[1]}"


def _listed_images(info: dict) -> list[tuple[str, tuple[int, int]]]:
    """Every tile and size info.json offers, as a client computes its URLs (Image API 3, appendix A)."""
    width, height = info["width"], info["height"]
    tile = info["tiles"][0]
    found = []
    for scale in tile["scaleFactors"]:
        step = tile["width"] * scale
        for y in range(0, height, step):
            for x in range(0, width, step):
                w, h = min(step, width - x), min(step, height - y)
                size = (math.ceil(w / scale), math.ceil(h / scale))
                region = "full" if (x, y, w, h) == (0, 0, width, height) else f"{x},{y},{w},{h}"
                found.append((f"{region}/{_size_name(size, width, height)}", size))
    for size in info["sizes"]:
        dims = (size["width"], size["height"])
        found.append((f"full/{_size_name(dims, width, height)}", dims))
    return found


def test_info_json_lists_tiles_and_sizes_that_all_answer(client, scans):
    response = client.get("/iiif/3/110390/1/info.json")
    assert response.status_code == 200
    assert response["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    assert response["Access-Control-Allow-Origin"] == "*"
    info = response.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"{settings.BASE_URL}/iiif/3/110390/1"
    assert (info["type"], info["protocol"], info["profile"]) == ("ImageService3", "http://iiif.io/api/image",
                                                                 "level0")
    assert (info["width"], info["height"]) == (1300, 1700)
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    widths = [size["width"] for size in info["sizes"]]
    assert 200 in widths and 1000 in widths and 1300 in widths
    listed = _listed_images(info)
    # Tiles at scale 1, 2 and 4 (the whole page), then the sizes 200, 325 (the top tile), 650, 1000, max.
    assert len(listed) == 12 + 4 + 1 + 5
    for address, size in listed:
        image = client.get(f"/iiif/3/110390/1/{address}/0/default.jpg")
        assert image.status_code == 200, address
        assert image["Access-Control-Allow-Origin"] == "*"
        assert _jpeg_size(image) == size, address


def test_page_of_two_scales(client, scans):
    info = client.get("/iiif/3/110390/2/info.json").json()
    assert info["tiles"][0]["scaleFactors"] == [1, 2]
    assert [(s["width"], s["height"]) for s in info["sizes"]] == [(200, 133), (300, 200), (600, 400)]
    assert _jpeg_size(client.get("/iiif/3/110390/2/full/max/0/default.jpg")) == (600, 400)
    # The full size and the whole region may be named by their numbers too (canonical forms are served).
    assert _jpeg_size(client.get("/iiif/3/110390/2/0,0,600,400/600,400/0/default.jpg")) == (600, 400)
    # Sizes by width alone ("w,"), as Image API 2 clients ask.
    assert _jpeg_size(client.get("/iiif/3/110390/2/full/600,/0/default.jpg")) == (600, 400)
    assert _jpeg_size(client.get("/iiif/3/110390/2/full/200,/0/default.jpg")) == (200, 133)
    assert _jpeg_size(client.get("/iiif/3/110390/2/512,0,88,400/88,/0/default.jpg")) == (88, 400)
    for missing in ("full/201,", "512,0,88,400/44,", "1,1,1,1/1,"):
        assert client.get(f"/iiif/3/110390/2/{missing}/0/default.jpg").status_code == 404


def test_head_and_other_methods(client, scans):
    response = client.head("/iiif/3/110390/2/full/max/0/default.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.post("/iiif/3/110390/2/full/max/0/default.jpg").status_code == 405
    assert client.post("/iiif/search/110390", {"q": "soviet"}).status_code == 405


def test_service_base_redirects_to_info(client, scans):
    response = client.get("/iiif/3/110390/1")
    assert response.status_code == 303 and response["Location"] == "/iiif/3/110390/1/info.json"


@pytest.mark.parametrize(("address", "status"), [
    ("full/max/90/default.jpg", 404),  # well formed, not offered at level 0
    ("full/max/0/gray.jpg", 404),
    ("full/max/0/default.png", 404),
    ("full/300,400/0/default.jpg", 404),
    ("full/pct:50/0/default.jpg", 404),
    ("full/^max/0/default.jpg", 404),
    ("0,0,100,100/100,100/0/default.jpg", 404),
    ("0,0,512,512/99999999,99999999/0/default.jpg", 404),
    ("0,0,512,512/9999999999,1/0/default.jpg", 400),  # no size of ten digits or more
    ("full/max/0/default.jpg.exe", 400),
    ("full/max/0/..", 400),
    ("../max/0/default.jpg", 400),
    ("full/../0/default.jpg", 400),
    ("full/max/0/%2e%2e", 400),
    ("full/max%2F..%2F..%2F0/0/default.jpg", 404),  # a slash, once decoded, matches no route
    ("full/max/0/default.jpg/extra", 404),
    ("full/max/0/info.json", 400),
])
def test_image_requests_not_offered_or_malformed(client, scans, address, status):
    response = client.get(f"/iiif/3/110390/1/{address}")
    assert response.status_code == status, response.content[:200]
    assert response.get("Content-Type") != "image/jpeg"


@pytest.mark.parametrize("address", [
    "/iiif/3/110390/9/info.json", "/iiif/3/110390/0/full/max/0/default.jpg",
    "/iiif/3/110390/99999999999999999999/info.json", "/iiif/3/..%2F..%2Fsecret/1/info.json",
    "/iiif/3/zqnone/1/info.json", "/documents/zqnone/manifest.json", "/iiif/search/zqnone?q=a",
])
def test_unknown_pages_and_documents(client, scans, address):
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("record_id", UNPUBLISHED)
def test_unpublished_documents_answer_404_everywhere(client, scans, record_id):
    # Their pages and tiles exist (so a 404 is the publication check's, not a missing file's).
    assert (tiles.page_directory(record_id, 1) / "full" / "max" / "0" / "default.jpg").is_file()
    for address in (f"/iiif/3/{record_id}/1", f"/iiif/3/{record_id}/1/info.json",
                    f"/iiif/3/{record_id}/1/full/max/0/default.jpg",
                    f"/iiif/3/{record_id}/1/0,0,512,512/512,512/0/default.jpg",
                    f"/documents/{record_id}/manifest.json",
                    f"/iiif/search/{record_id}?q=soviet", f"/iiif/search1/{record_id}?q=soviet"):
        assert client.get(address).status_code == 404, address


def test_a_document_published_later_or_restricted_after(client, scans):
    Document.objects.filter(record_id="zqdraft").update(status="published")
    assert client.get("/documents/zqdraft/manifest.json").status_code == 200
    assert client.get("/iiif/3/zqdraft/1/full/max/0/default.jpg").status_code == 200
    Document.objects.filter(record_id="110390").update(status="restricted")
    assert client.get("/iiif/3/110390/1/full/max/0/default.jpg").status_code == 404
    assert client.get("/documents/110390/manifest.json").status_code == 404


def test_manifest_structure(client, scans):
    response = client.get("/documents/110390/manifest.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    manifest = Manifest(**data)  # iiif-prezi3 reads it back: it is a valid Presentation 3 manifest
    base = settings.BASE_URL
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest.id == f"{base}/documents/110390/manifest.json"
    document = Document.objects.get(record_id="110390")
    assert data["label"] == {"none": [document.title]}
    assert data["summary"] == {"none": [document.summary.strip()]}
    assert data["rights"] == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
    assert data["requiredStatement"]["label"] == {"en": ["Attribution"]}
    metadata = {entry["label"]["en"][0]: entry["value"]["none"] for entry in data["metadata"]}
    assert metadata["Date"] == [document.date_display]
    assert metadata["Author"] and metadata["Original archive"] and metadata["Record ID"] == ["110390"]
    assert data["homepage"][0]["id"] == f"{base}/documents/110390"
    assert data["seeAlso"][0]["id"] == f"{base}/documents/110390.json"
    services = {service["type"]: service for service in data["service"]}
    assert services["SearchService2"]["id"] == f"{base}/iiif/search/110390"
    assert services["SearchService1"]["profile"] == "http://iiif.io/api/search/1/search"
    assert client.get(_path(data["thumbnail"][0]["id"])).status_code == 200

    canvases = data["items"]
    assert [c["id"] for c in canvases] == [f"{base}/documents/110390/canvas/{n}" for n in (1, 2, 3)]
    assert [c["label"]["en"][0] for c in canvases] == ["Page 1 (original)", "Page 2 (translation)",
                                                       "Page 3 (original)"]
    assert [(c["width"], c["height"]) for c in canvases] == [(1300, 1700), (600, 400), (1400, 900)]
    for canvas in canvases:
        painting = canvas["items"][0]["items"][0]
        assert painting["motivation"] == "painting" and painting["target"] == canvas["id"]
        body = painting["body"]
        assert (body["width"], body["height"]) == (canvas["width"], canvas["height"])
        assert _jpeg_size(client.get(_path(body["id"]))) == (canvas["width"], canvas["height"])
        service = body["service"][0]
        assert (service["type"], service["profile"]) == ("ImageService3", "level0")
        info = client.get(_path(service["id"] + "/info.json")).json()
        assert info["id"] == service["id"]
        assert client.get(_path(canvas["thumbnail"][0]["id"])).status_code == 200

    lines = canvases[0]["annotations"][0]["items"]
    # text holding markup is given as escaped HTML, which viewers show as the text it is
    assert [(a["body"]["value"], a["body"]["format"]) for a in lines] == [
        ("The Soviet Délégation, &lt;b&gt;", "text/html"), ("毛 泽 东 同志", "text/plain"),
        ("soviet far", "text/plain")]
    assert all(a["motivation"] == "supplementing" and a["body"]["language"] == "en" for a in lines)
    assert lines[0]["target"] == f"{canvases[0]['id']}#xywh=100,200,800,60"
    # A box beyond the page is clipped to it; a word with an inverted box is left out.
    assert lines[2]["target"] == f"{canvases[0]['id']}#xywh=100,600,1200,60"
    whole = canvases[1]["annotations"][0]["items"]
    assert [(a["body"]["value"], a["target"]) for a in whole] == [
        ("A translation without word boxes.", canvases[1]["id"])]
    assert any("telegram" in a["body"]["value"] for a in canvases[2]["annotations"][0]["items"])


def test_manifest_follows_changes(client, scans):
    """The manifest is kept while nothing changes; a page read again or a record edited shows at once."""
    assert "rights" in client.get("/documents/110390/manifest.json").json()
    Page.objects.filter(document__record_id="110390", number=2).update(text="Read again.",
                                                                       updated=timezone.now())
    data = client.get("/documents/110390/manifest.json").json()
    assert data["items"][1]["annotations"][0]["items"][0]["body"]["value"] == "Read again."
    Document.objects.filter(record_id="110390").update(rights="Courtesy of the archive; no reuse.",
                                                       modified=timezone.now())
    data = client.get("/documents/110390/manifest.json").json()
    assert "rights" not in data
    assert data["requiredStatement"]["value"]["en"][0].endswith("Courtesy of the archive; no reuse.")


def test_no_manifest_without_scans(client, scans):
    Page.objects.filter(document__record_id="110390").delete()
    assert client.get("/documents/110390/manifest.json").status_code == 404


def _boxes(answer: dict) -> list[tuple[str, str]]:
    return [(item["body"]["value"], item["target"].rsplit("/", 1)[1]) for item in answer["items"]]


def test_search_finds_words_folded(client, scans):
    response = client.get("/iiif/search/110390", {"q": "SOVIET delegation"})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    answer = response.json()
    assert answer["@context"] == "http://iiif.io/api/search/2/context.json"
    assert answer["type"] == "AnnotationPage"
    assert all(item["motivation"] == "highlighting" for item in answer["items"])
    assert _boxes(answer) == [("Soviet", "1#xywh=280,200,200,60"), ("Délégation,", "1#xywh=500,200,260,60"),
                              ("soviet", "1#xywh=100,600,200,60")]
    assert "partOf" not in answer and "ignored" not in answer


def test_search_chinese_characters_in_a_row(client, scans):
    answer = client.get("/iiif/search/110390", {"q": "泽东"}).json()
    assert _boxes(answer) == [("泽 东", "1#xywh=170,400,130,60")]
    answer = client.get("/iiif/search/110390", {"q": "东同"}).json()
    assert _boxes(answer) == [("东 同志", "1#xywh=240,400,130,60")]
    assert _boxes(client.get("/iiif/search/110390", {"q": "毛东"}).json()) == []
    answer = client.get("/iiif/search/110390", {"q": "澤東"}).json()  # traditional characters
    assert _boxes(answer) == [("泽 东", "1#xywh=170,400,130,60")]


def test_search_in_real_ocr(client, scans):
    """tesseract's own hOCR: the word is found, boxed where it was drawn (within a few pixels)."""
    answer = client.get("/iiif/search/110390", {"q": "telegram"}).json()
    [(text, target)] = _boxes(answer)
    number, fragment = target.split("#xywh=")
    x, y, w, h = (int(value) for value in fragment.split(","))
    left, top, right, bottom = scans["telegram"]
    assert number == "3" and text == "telegram"
    assert abs(x - left) <= 8 and abs(y - top) <= 12 and abs(x + w - right) <= 8 and abs(y + h - bottom) <= 12


def test_search_1_for_mirador(client, scans):
    answer = client.get("/iiif/search1/110390", {"q": "soviet"}).json()
    assert answer["@type"] == "sc:AnnotationList" and answer["within"]["total"] == 2
    assert [r["on"].rsplit("/", 1)[1] for r in answer["resources"]] == ["1#xywh=280,200,200,60",
                                                                       "1#xywh=100,600,200,60"]
    first = answer["hits"][0]
    assert (first["before"], first["match"]) == ("The", "Soviet")
    assert first["after"] == "Délégation, &lt;b&gt; 毛 泽 东 同志"
    assert first["annotations"] == [answer["resources"][0]["@id"]]


HOSTILE = '<a href="https://evil.example/">click</a><img src=x onerror=alert(1)>'


def test_text_that_looks_like_markup_cannot_be_read_as_markup(client, scans):
    """Mirador shows the manifest's texts and search hits as HTML whatever the specifications say: a text
    holding '<', '>' or '&' is given escaped (as HTML where the specification has a place for it), so
    that no viewer makes a link or an image of it; a label stays plain text, which is never HTML."""
    document = Document.objects.get(record_id="110390")
    Document.objects.filter(pk=document.pk).update(
        title=f"Cable {HOSTILE}", summary=f"Summary {HOSTILE} & more", source=HOSTILE,
        modified=timezone.now())
    page = Page.objects.get(document=document, number=2)
    words = "".join(f"<span class='ocrx_word' title='bbox {10 + 60 * n} 10 {60 + 60 * n} 40'>"
                    f"{escape(word)}</span>" for n, word in enumerate(f"zqhostile {HOSTILE}".split()))
    _transcribed(page, f"zqhostile {HOSTILE}", f"<div class='ocr_page' title='bbox 0 0 600 400'>"
                 f"<span class='ocr_line' title='bbox 10 10 400 40'>{words}</span></div>")
    escaped = "&lt;a href=\"https://evil.example/\"&gt;click&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;"
    data = client.get("/documents/110390/manifest.json").json()
    Manifest(**data)
    assert data["label"] == {"none": [f"Cable {HOSTILE}"]}
    assert data["summary"] == {"none": [f"<span>Summary {escaped} &amp; more</span>"]}
    metadata = {entry["label"]["en"][0]: entry["value"]["none"] for entry in data["metadata"]}
    assert metadata["Source"] == [f"<span>{escaped}</span>"]
    [body] = [a["body"] for a in data["items"][1]["annotations"][0]["items"]]
    assert (body["value"], body["format"]) == (f"zqhostile {escaped}", "text/html")

    word = HOSTILE.split()[1]  # href="https://evil.example/">click</a><img
    answer = client.get("/iiif/search/110390", {"q": word}).json()
    assert [item["body"] for item in answer["items"]] == [
        {"type": "TextualBody", "value": escape(word, quote=False), "format": "text/html"}]
    answer = client.get("/iiif/search1/110390", {"q": word}).json()
    assert [r["resource"]["chars"] for r in answer["resources"]] == [escape(word, quote=False)]
    [hit] = client.get("/iiif/search1/110390", {"q": "zqhostile"}).json()["hits"]
    assert (hit["match"], hit["after"]) == ("zqhostile", escaped)
    for answer in (client.get("/iiif/search1/110390", {"q": "soviet"}).json(),
                   client.get("/iiif/search/110390", {"q": "soviet"}).json()):
        assert "<" not in str(answer)


def test_search_pages_of_hits(client, scans):
    page = Page.objects.get(document__record_id="110390", number=1)
    words = "".join(f"<span class='ocrx_word' title='bbox {i} 10 {i + 5} 20'>soviet</span>"
                    for i in range(250))
    Page.objects.filter(pk=page.pk).update(words=f"<html><body><p class='ocr_line'>{words}</p></body></html>",
                                           updated=timezone.now())
    first = client.get("/iiif/search/110390", {"q": "soviet"}).json()
    assert len(first["items"]) == 100 and first["partOf"]["total"] == 250 and first["startIndex"] == 0
    last = client.get(_path(first["partOf"]["last"]["id"])).json()
    assert len(last["items"]) == 50 and last["startIndex"] == 200 and "next" not in last
    second = client.get(_path(first["next"]["id"])).json()
    assert second["prev"]["id"] == first["id"] and second["next"]["id"] == last["id"]
    assert client.get("/iiif/search/110390", {"q": "soviet", "page": "4"}).status_code == 404
    v1 = client.get("/iiif/search1/110390", {"q": "soviet", "page": "3"}).json()
    assert len(v1["resources"]) == 50 and v1["within"]["total"] == 250 and v1["prev"].endswith("page=2")


@pytest.mark.parametrize(("query", "status"), [
    ({"q": "x" * 501}, 400), ({"q": "soviet", "page": "0"}, 400), ({"q": "soviet", "page": "-1"}, 400),
    ({"q": "soviet", "page": "1e3"}, 400), ({"q": "soviet", "page": "99999999999999999999"}, 400),
    ({"q": ""}, 200), ({"q": "   ,;  "}, 200), ({"q": "\x01soviet\x7f"}, 200), ({}, 200),
])
def test_search_hostile_parameters(client, scans, query, status):
    assert client.get("/iiif/search/110390", query).status_code == status


def test_search_ignores_unsupported_parameters(client, scans):
    answer = client.get("/iiif/search/110390", {"q": "soviet", "motivation": "painting", "user": "x",
                                                "zq<script>": "1"}).json()
    assert answer["ignored"] == ["motivation", "user"]
    assert len(answer["items"]) == 2


def test_urls_for_pages(scans):
    from archivist.interop.iiif.urls_for import page_image_url, thumbnail_url

    page = Page.objects.get(document__record_id="110390", number=1)
    assert thumbnail_url(page) == "/iiif/3/110390/1/full/200,262/0/default.jpg"
    assert page_image_url(page, 900) == "/iiif/3/110390/1/full/1000,1308/0/default.jpg"
    assert page_image_url(page, 5000) == "/iiif/3/110390/1/full/max/0/default.jpg"


def test_remove_tiles(scans):
    page = Page.objects.get(document__record_id="zqdraft", number=1)
    tiles.remove_tiles(page)
    assert not tiles.page_directory("zqdraft", 1).exists()
    tiles.make_tiles(page)
    tiles.remove_tiles(page.document)
    assert not (tiles.tiles_root() / "zqdraft").exists()
    assert tiles.page_directory("110390", 1).exists()
    tiles.make_tiles(page)  # as it was, for the module's other tests


def test_what_is_kept_is_bounded():
    """A value built from pages is kept for the next request, unless it is larger than an entry may be."""
    from archivist.interop.iiif.freshness import MAX_ENTRY_BYTES, kept

    built = []

    def build(size: int):
        return lambda: built.append(size) or b"x" * size

    for _ in range(2):
        assert kept("zq-small", build(10), 60) == b"x" * 10
        assert len(kept("zq-large", build(MAX_ENTRY_BYTES + 1), 60)) == MAX_ENTRY_BYTES + 1
    assert built == [10, MAX_ENTRY_BYTES + 1, MAX_ENTRY_BYTES + 1]
