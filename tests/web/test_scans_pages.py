"""What readers get of scans over HTTP: the Scans section of a document's page, the thumbnails of its
first page in search results and collection pages (HTML and JSON), and the whole document as one PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
import pytest

from archivist.demo.scans import typeset, write_tiff

TEXT = ("The first page of the scanned letter.\n" * 30 + "Chrysanthemum on the second page.\n" * 20
        + "The last page.\n" * 30)


@pytest.fixture
def scanned(add_document, tmp_path):
    """A published document in a topic with a three-page scan attached; returns its record ID."""
    from archivist.scans.services import attach
    from archivist.web.counts import ensure_fresh

    record_id = add_document("scanned", title="A scanned letter", associated_topics=["Letters"])
    attach(record_id, [write_tiff(typeset(TEXT), tmp_path / "letter.tiff")], language="en")
    ensure_fresh()
    return record_id


def test_the_whole_document_as_one_pdf(client, scanned):
    response = client.get(f"/documents/{scanned}/scans.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{scanned}.pdf"' in response["Content-Disposition"]
    pdf = pypdfium2.PdfDocument(io.BytesIO(b"".join(response.streaming_content)))
    try:
        assert len(pdf) == 3
        width, height = pdf[0].get_size()
        assert height > width  # the page's shape, at the image's resolution
        assert pdf.get_metadata_dict()["Title"] == "A scanned letter"
    finally:
        pdf.close()
    again = client.get(f"/documents/{scanned}/scans.pdf")
    assert b"".join(again.streaming_content) == b"".join(client.get(f"/documents/{scanned}/scans.pdf")
                                                          .streaming_content)


def test_no_pdf_of_a_document_without_scans_or_unpublished(client, scanned, add_document):
    from archivist.records.services import set_status

    add_document("plain")
    assert client.get("/documents/plain/scans.pdf").status_code == 404
    assert client.get("/documents/nothing-here/scans.pdf").status_code == 404
    set_status(scanned, "restricted")
    assert client.get(f"/documents/{scanned}/scans.pdf").status_code == 404
    assert client.get(f"/documents/{scanned}/files/1").status_code == 404
    assert client.get(f"/documents/{scanned}").status_code == 404


def test_the_scans_section_without_javascript(client, scanned):
    page = client.get(f"/documents/{scanned}").content.decode()
    section = page[page.index('<section class="scans" id="scan"'):]
    section = section[:section.index("</section>")]
    assert page.index('class="texts') < page.index('id="scan"')  # the text first
    assert 'data-manifest="/documents/scanned/manifest.json"' in section
    assert section.count('<img src="/iiif/3/scanned/') == 3
    assert 'alt="Page 2"' in section
    assert 'href="/documents/scanned/scans.pdf"' in section
    assert 'href="/documents/scanned/files/1"' in section
    for image in re.findall(r'<a href="(/iiif/3/scanned/[^"]+)"><img src="([^"]+)"', section)[0]:
        assert client.get(image)["Content-Type"] == "image/jpeg"
    assert '<script src="/static/archivist/viewer.js" defer>' in section


def test_the_viewer_policy_only_where_the_viewer_is(client, scanned, add_document):
    add_document("plain")
    policy = client.get(f"/documents/{scanned}")["Content-Security-Policy"]
    assert "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = [directive.strip() for directive in policy.split(";")]
    assert "script-src 'self'" in directives  # in any order: django-csp does not keep one
    plain = client.get("/documents/plain")["Content-Security-Policy"]
    assert "sha256" not in plain and "data:" not in plain


def test_thumbnails_of_the_first_page_in_search_and_collection_pages(client, scanned, add_document):
    from archivist.outbox import catch_up

    for n in range(5):
        add_document(f"other{n}", associated_topics=["Letters"])
    catch_up()
    thumbnail = "/iiif/3/scanned/1/full/"
    found = client.get("/search.json?q=letter").json()["results"]
    assert [r["thumbnail"].startswith(thumbnail) for r in found if r["record_id"] == scanned] == [True]
    assert all(r["thumbnail"] is None for r in found if r["record_id"] != scanned)
    assert f'<img class="thumbnail" src="{thumbnail}' in client.get("/search?q=letter").content.decode()
    topic = client.get("/topics/letters.json").json()
    entries = {r["record_id"]: r["thumbnail"] for r in topic["sections"][0]["results"]}
    assert entries[scanned].startswith(thumbnail) and entries["other0"] is None
    html = client.get("/topics/letters").content.decode()
    assert f'<img class="thumbnail" src="{thumbnail}' in html and 'alt="First page of the scan"' in html
    address = re.search(r'<img class="thumbnail" src="([^"]+)"', html).group(1)
    assert client.get(address)["Content-Type"] == "image/jpeg"


def test_thumbnails_take_one_query_however_many_documents_have_scans(client, scanned, add_document,
                                                                      tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archivist.outbox import catch_up
    from archivist.scans.services import attach

    def queries(url: str) -> int:
        client.get(url)  # the caches of names and counts filled after the change
        with CaptureQueriesContext(connection) as run:
            assert client.get(url).status_code == 200
        return len(run)

    for n in range(3):
        add_document(f"other{n}", title=f"Another letter {n}", associated_topics=["Letters"])
    catch_up()
    before = {url: queries(url) for url in ("/topics/letters", "/search?q=letter", "/dates/1950/2")}
    for n in range(3):
        attach(f"other{n}", [write_tiff(typeset(f"Letter {n}."), tmp_path / f"other{n}.tiff")])
    catch_up()
    assert client.get("/topics/letters").content.decode().count('class="thumbnail"') == 4
    assert {url: queries(url) for url in before} == before


def test_a_page_image_missing_makes_no_pdf(client, scanned):
    from django.conf import settings

    from archivist.scans.models import Page

    page = Page.objects.get(document__record_id=scanned, number=2)
    (Path(settings.MEDIA_ROOT) / page.image).unlink()
    assert client.get(f"/documents/{scanned}/scans.pdf").status_code == 404
