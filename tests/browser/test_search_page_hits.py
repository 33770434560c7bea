"""The search page's "Found on page N" links in Chromium: a scanned document's page holding the word is
named under its result, the link opens the document on that page with the search's words (without
JavaScript too), and axe-core finds no violations on the results."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.ocr.generate import render_page
from tests.browser.conftest import axe_violations, live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

RECORD = "scanned-report"
PAGES = ["Minutes of the first meeting of the commission.",
         "The commission sailed from Vladivostok harbour at dawn."]


def _load_scanned_document() -> None:
    """One published document whose two-page scan is attached and read by tesseract."""
    from archivist.outbox import catch_up
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_document
    from archivist.scans.ocr import read_pending
    from archivist.scans.services import attach

    save_document(read_document({"record_id": RECORD, "title": "Report of the commission", "date": "1950",
                                 "text": "A report.", "text_language": "English"}))
    folder = Path(os.environ["ARCHIVIST_HOME"]) / "scans-to-attach"
    folder.mkdir()
    files = []
    for number, text in enumerate(PAGES, start=1):
        files.append(folder / f"page-{number}.png")
        render_page(text, "en", width=900).save(files[-1])
    attach(RECORD, files, language="en")
    read_pending()
    catch_up()


@pytest.fixture(scope="module")
def scanned_site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    files = tmp_path_factory.mktemp("page-hits-files")
    with (override_settings(MEDIA_ROOT=str(files)),
          live_site(tmp_path_factory, django_db_blocker, "page-hits-archive", _load_scanned_document) as url):
        yield url


@pytest.mark.parametrize("javascript", [True, False])
def test_found_on_page_opens_the_document_on_that_page(browser, scanned_site, javascript):
    context = browser.new_context(base_url=scanned_site, java_script_enabled=javascript,
                                  viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto("/search?q=vladivostok")
    result = tab.locator("ol.hits > li", has=tab.get_by_role("link", name="Report of the commission"))
    link = result.get_by_role("link", name="Found on page 2")
    assert "Vladivostok" in result.locator(".page-hits mark").inner_text()
    if javascript:
        assert axe_violations(tab) == []
    link.click()
    tab.wait_for_url(f"**/documents/{RECORD}?page=2&q=vladivostok#scan")
    # Retried until the page has loaded: a busy machine may still be parsing it when the URL is reached.
    expect(tab.get_by_role("heading", name="Report of the commission")).to_have_count(1)
    context.close()
