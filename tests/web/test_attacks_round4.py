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
