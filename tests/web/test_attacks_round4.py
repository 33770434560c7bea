"""Attacks on the surfaces added in round 4 (scans, OCR, IIIF, the pictures of a search): each test a
request or a file that once leaked a document that is not published, broke an answer or undid a
curator's decision."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("limit", ["²", "٣", "9" * 5000])
@pytest.mark.parametrize("picture", ["/map.json", "/network.json", "/map", "/network"])
def test_a_pictures_limit_that_is_no_plain_number_is_a_bad_request(add_document, picture, limit):
    add_document("pub1")
    response = Client(raise_request_exception=False).get(picture, {"limit": limit})
    assert response.status_code == 400


def _pdf_mapping_a_to(unicode_hex: str) -> bytes:
    """A one-page PDF showing "AB" in Helvetica whose ToUnicode map gives A the UTF-16 code units
    `unicode_hex` (as a hostile or merely astral text layer does) and B "A"."""
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
            "/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar "
            f"<41> <{unicode_hex}> <42> <0041> endbfchar endcmap CMapName currentdict /CMap defineresource "
            "pop end end").encode()
    content = b"BT /F1 48 Tf 72 150 Td (AB) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << /Font << /F1 4 0 R >> >>"
               b" /Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return pdf + (b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n"
                  b"%%%%EOF\n" % (len(objects) + 1, table, len(objects) + 1, len(pdf)))


@pytest.mark.parametrize(("units", "text"), [("D83DDE00", "\U0001F600A"), ("D84CDC00", "\U00023000A"),
                                             ("D800", "A"), ("DC00", "A"), ("001B", "A")])
def test_a_pdf_text_layer_of_astral_characters_lone_surrogates_or_controls_is_stored(
        add_document, settings, tmp_path, units, text):
    from archivist.interop.iiif.words import read_lines
    from archivist.scans.services import attach

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("pub1")
    path = tmp_path / "layer.pdf"
    path.write_bytes(_pdf_mapping_a_to(units))
    [page] = attach("pub1", [path])
    page.refresh_from_db()
    assert page.text == text
    lines = read_lines(page.words, page.width, page.height)
    assert [[word.text for word in line] for line in lines] == [[text]]


def _png(path, size=(60, 80)):
    from PIL import Image

    Image.new("L", size, "white").save(path)
    return path


# Where archivist.scans keeps the files of restricted document "sec": its original, a page's image, a tile,
# the document's whole PDF.
SECRET_SCAN_FILES = ["scans/sec/1/original.png", "scans/sec/1/1.png", "iiif/sec/1/full/max/0/default.jpg",
                     "scans/sec/document-0123456789abcdef.pdf"]


@pytest.fixture
def secret_scan(add_document, settings, tmp_path):
    """A restricted document "sec" with a scan attached (its files stored), and the document's PDF
    written as the download writes it."""
    from archivist.records.models import Document
    from archivist.scans.downloads import document_pdf
    from archivist.scans.services import attach

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("sec")
    attach("sec", [_png(tmp_path / "secret.png")])
    made = document_pdf(Document.objects.get(record_id="sec"))
    made.rename(made.with_name("document-0123456789abcdef.pdf"))
    from archivist.records.services import set_status

    set_status("sec", "restricted")
    return tmp_path / "files"


@pytest.mark.parametrize("path", SECRET_SCAN_FILES)
def test_an_import_naming_the_stored_scan_files_of_another_document_is_refused(secret_scan, add_document,
                                                                               path):
    from archivist.records.recordformat import RecordError

    assert (secret_scan / path).is_file()
    with pytest.raises(RecordError) as refused:
        add_document("pub1", files=[{"filename": "x", "media_type": "image/png", "path": path}])
    assert refused.value.field == "files[0].path" and path in str(refused.value)


@pytest.mark.parametrize("path", SECRET_SCAN_FILES)
def test_a_published_document_never_serves_the_stored_scan_files_of_another(secret_scan, add_document, path):
    """However a file entry came to name them (an older archive, a version of the history restored)."""
    from archivist.records.models import Attachment, Document

    add_document("pub1")
    Attachment.objects.create(document=Document.objects.get(record_id="pub1"), position=1, filename="x",
                              media_type="image/png", path=path)
    client = Client()
    assert client.get("/documents/pub1/files/1").status_code == 404


def test_a_documents_own_scan_is_still_served(secret_scan, add_document, tmp_path):
    from archivist.records.services import set_status

    set_status("sec", "published")
    assert Client().get("/documents/sec/files/1").status_code == 200


def test_the_admin_refuses_a_file_entry_naming_another_documents_scan_files(secret_scan, add_document,
                                                                            admin_client):
    from archivist.records.models import Document
    from tests.records.test_admin import admin_form_data

    add_document("pub1")
    document = Document.objects.get(record_id="pub1")
    data = admin_form_data(document) | {
        "attachments-TOTAL_FORMS": 1, "attachments-0-position": 1, "attachments-0-kind": "other",
        "attachments-0-filename": "x.jpg", "attachments-0-media_type": "image/jpeg",
        "attachments-0-path": "iiif/sec/1/full/max/0/default.jpg"}
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/", data)
    assert response.status_code == 200  # the form again, with its error
    assert "where the archive keeps" in response.content.decode()
    assert not document.attachments.exists()


def test_a_document_with_scans_keeps_its_record_id_in_the_admin(add_document, admin_client, settings,
                                                                 tmp_path):
    """Its scans, page images and tiles are kept under its record ID: renamed, its IIIF images answered
    404, and a new document given the old ID took over (and cleared) its scan's folder."""
    from archivist.records.models import Document
    from archivist.scans.services import attach
    from tests.records.test_admin import admin_form_data

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("old1")
    attach("old1", [_png(tmp_path / "a.png")])
    document = Document.objects.get(record_id="old1")
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/",
                                 admin_form_data(document, record_id="new1"))
    assert response.status_code == 200
    assert "keeps its record ID" in response.content.decode()
    assert Document.objects.filter(record_id="old1").exists()
    assert Client().get("/iiif/3/old1/1/info.json").status_code == 200
    plain = Document.objects.get(record_id=add_document("plain1"))
    response = admin_client.post(f"/admin/records/document/{plain.pk}/change/",
                                 admin_form_data(plain, record_id="plain2"))
    assert response.status_code == 302 and Document.objects.filter(record_id="plain2").exists()


def test_a_document_restricted_after_its_scans_were_read_tiled_and_cached_reaches_no_surface(
        add_document, settings, tmp_path):
    """Every address that showed its scans, asked once before (the manifest, the pages' words, the PDF
    made and kept), then after it is restricted: before the search index has caught up and after."""
    from django.utils import timezone

    from archivist.outbox import catch_up
    from archivist.records.services import set_status
    from archivist.scans.models import Page
    from archivist.scans.services import attach
    from archivist.web.counts import ensure_fresh

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("zqgone", title="Zqgone letter", associated_topics=["Zqletters"],
                 authors=["Zqonlyhere, Person"], recipients=["Zqalsohere, Person"])
    add_document("zqstays", associated_topics=["Zqletters"])
    [page] = attach("zqgone", [_png(tmp_path / "gone.png", (700, 500))], language="en")
    hocr = ("<div class='ocr_page' title='bbox 0 0 700 500'><span class='ocr_line' title='bbox 10 10 300 60'>"
            "<span class='ocrx_word' title='bbox 10 10 300 60'>zqpageword</span></span></div>")
    Page.objects.filter(pk=page.pk).update(text="zqpageword", words=hocr, ocr_status="done",
                                           updated=timezone.now())
    catch_up()
    ensure_fresh()
    client = Client()
    surfaces = ["/iiif/3/zqgone/1", "/iiif/3/zqgone/1/info.json", "/iiif/3/zqgone/1/full/max/0/default.jpg",
                "/documents/zqgone/manifest.json", "/iiif/search/zqgone?q=zqpageword",
                "/iiif/search1/zqgone?q=zqpageword", "/documents/zqgone/scans.pdf",
                "/documents/zqgone/files/1", "/documents/zqgone.json"]
    assert [client.get(url).status_code for url in surfaces] == [303] + [200] * 8
    assert client.get("/search.json?q=zqpageword").json()["results"][0]["pages"]
    assert "zqonlyhere" in client.get("/network.json").content.decode()
    set_status("zqgone", "restricted")
    for caught_up in (False, True):
        if caught_up:
            catch_up()
            ensure_fresh()
        assert [client.get(url).status_code for url in surfaces] == [404] * len(surfaces), caught_up
        assert client.get("/search.json?q=zqpageword").json()["results"] == []
        for url in ("/search?q=zqletters", "/search.json?q=zqletters", "/topics/zqletters",
                    "/topics/zqletters.json", "/network.json", "/map.json", "/timeline.json",
                    "/network?topics=topic/zqletters", "/oai?verb=ListRecords&metadataPrefix=archivist"):
            shown = client.get(url).content.decode()
            assert not [word for word in ("zqpageword", "zqgone letter", "zqonlyhere", "zqalsohere")
                        if word in shown.lower()], url
            assert "zqgone" not in shown or 'status="deleted"' in shown, url  # OAI-PMH: a deleted record


def test_a_removed_scan_leaves_every_surface_of_its_still_published_document(
        add_document, settings, tmp_path, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from archivist.outbox import catch_up
    from archivist.records.models import Attachment
    from archivist.scans.models import Page
    from archivist.scans.services import attach, remove_scan

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("kept1", title="Kept letter")
    attach("kept1", [_png(tmp_path / "first.png")])
    [second] = attach("kept1", [_png(tmp_path / "second.png", (90, 120))])
    Page.objects.filter(pk=second.pk).update(text="zqwrongscan", ocr_status="done", updated=timezone.now())
    catch_up()
    client = Client()
    assert client.get("/search.json?q=zqwrongscan").json()["results"][0]["pages"][0]["number"] == 2
    manifest = client.get("/documents/kept1/manifest.json").json()
    assert len(manifest["items"]) == 2
    pdf_before = b"".join(client.get("/documents/kept1/scans.pdf").streaming_content)
    with django_capture_on_commit_callbacks(execute=True):  # its files go once the removal commits
        remove_scan(Attachment.objects.get(document__record_id="kept1", position=2))
    catch_up()
    assert client.get("/search.json?q=zqwrongscan").json()["results"] == []
    assert client.get("/iiif/3/kept1/2/info.json").status_code == 404
    assert client.get("/iiif/3/kept1/2/full/max/0/default.jpg").status_code == 404
    assert client.get("/documents/kept1/files/2").status_code == 404
    assert len(client.get("/documents/kept1/manifest.json").json()["items"]) == 1
    assert [page["number"] for page in client.get("/documents/kept1.json").json()["pages"]] == [1]
    assert b"".join(client.get("/documents/kept1/scans.pdf").streaming_content) != pdf_before
    stored = [path.relative_to(tmp_path / "files").as_posix()
              for path in (tmp_path / "files").rglob("*") if path.is_file()]
    assert not [path for path in stored if path.startswith(("scans/kept1/2/", "iiif/kept1/2/"))], stored


@pytest.mark.parametrize("link", ["file", "folder"])
def test_an_imports_scan_through_a_link_leading_out_of_its_folder_is_refused(db, settings, tmp_path, link):
    """A scan named beside the record file, but a symbolic link (to the file, or to a folder above it)
    to a file outside the record file's folder: refused naming the field, nothing stored."""
    import json

    from click.testing import CliRunner

    from archivist.cli.main import cli
    from archivist.records.models import Document

    settings.MEDIA_ROOT = str(tmp_path / "files")
    outside, folder = tmp_path / "private", tmp_path / "import"
    outside.mkdir()
    folder.mkdir()
    _png(outside / "secret.png")
    if link == "file":
        (folder / "scan.png").symlink_to(outside / "secret.png")
        source = "scan.png"
    else:
        (folder / "scans").symlink_to(outside)
        source = "scans/secret.png"
    records = folder / "records.jsonl"
    records.write_text(json.dumps({"record_id": "imp1", "title": "Imported", "date": "1950-01-01",
                                   "files": [{"kind": "scan", "source": source}]}) + "\n")
    result = CliRunner().invoke(cli, ["load", str(records)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "field 'files[0].source'" in result.output and "leads out of the folder" in result.output
    assert not Document.objects.exists()
    assert not list((tmp_path / "files").rglob("*.png"))


@pytest.mark.parametrize("url", [
    "/iiif/3/pub1/{huge}", "/iiif/3/pub1/{huge}/info.json", "/iiif/3/pub1/{huge}/full/max/0/default.jpg",
    "/documents/pub1/files/{huge}", "/iiif/3/pub1/2147483648/info.json", "/documents/pub1/files/2147483648",
    "/iiif/3/pub1/1/full/%2e%2e/0/default.jpg", "/iiif/3/pub1/1/%2e%2e/max/0/default.jpg",
    "/iiif/3/pub1/1/full/max/0/..%2f..%2finfo.json", "/iiif/3/pub1/1/full/%EF%BC%91%EF%BC%90,/0/default.jpg",
    "/iiif/3/pub1/1/full/max/0/default.jpg%00", "/iiif/search/pub1?q=%00", "/iiif/search1/pub1?page=%C2%B2",
])
def test_hostile_iiif_addresses_are_refused_without_a_server_error(add_document, settings, tmp_path, url):
    from archivist.scans.services import attach

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("pub1")
    attach("pub1", [_png(tmp_path / "p.png")])
    response = Client(raise_request_exception=False).get(url.format(huge="9" * 30))
    assert response.status_code in (400, 404)


def test_the_admin_refuses_a_scans_language_that_is_no_language_tag(add_document, admin_client, settings,
                                                                    tmp_path):
    """OCR reads a scan in its language: "Russian" typed in the admin was kept, and read as English."""
    from archivist.records.models import Document
    from archivist.scans.services import attach
    from tests.records.test_admin import admin_form_data

    settings.MEDIA_ROOT = str(tmp_path / "files")
    add_document("pub1")
    attach("pub1", [_png(tmp_path / "p.png")], language="en")
    document = Document.objects.get(record_id="pub1")
    url = f"/admin/records/document/{document.pk}/change/"
    response = admin_client.post(url, admin_form_data(document, **{"attachments-0-language": "Russian text"}))
    assert response.status_code == 200 and "is not a BCP 47 language tag" in response.content.decode()
    assert document.attachments.get().language == "en"
    response = admin_client.post(url, admin_form_data(document, **{"attachments-0-language": "ru"}))
    assert response.status_code == 302 and document.attachments.get().language == "ru"
