"""The Cite box of the demo's reference record in Chromium: a style chosen with or without script, the copy
button where a script runs, no axe-core violation, no Content-Security-Policy report; a screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
TITLE = "Cable, Mao Zedong to the Central Committee of the CCP"


def _load_reference_record() -> None:
    from archivist.ingest.pipeline import ingest
    from archivist.outbox import catch_up
    from tests.conftest import DEMO_AUTHORITIES, SEED

    for result in ingest([DEMO_AUTHORITIES, SEED]):
        assert result.error is None, result.error
    catch_up()


@pytest.fixture(scope="module")
def reference_site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    with live_site(tmp_path_factory, django_db_blocker, "cite-archive", _load_reference_record) as url:
        yield url


def _open(browser, site: str, javascript: bool = True):
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900},
                                  java_script_enabled=javascript)
    if javascript:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    refused = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    tab.goto("/documents/110390")
    return context, tab, refused


def test_the_cite_box_copies_and_changes_style_with_no_violations(browser, reference_site):
    context, tab, refused = _open(browser, reference_site)
    box = tab.locator("#cite")
    citation = box.locator(".citation")
    assert citation.inner_text().startswith(f'"{TITLE}", January 2, 1950')
    box.get_by_role("button", name="Copy citation").click()
    expect(box.get_by_role("status")).to_have_text("Copied.")  # once the clipboard has it
    assert tab.evaluate("() => navigator.clipboard.readText()") == citation.inner_text()
    assert axe_violations(tab) == []
    box.get_by_label("Citation style").select_option("chicago")
    box.get_by_role("button", name="Show").click()
    tab.wait_for_url("**/documents/110390?style=chicago#cite")
    assert box.locator(".citation").inner_text().startswith(f"Mao Zedong, “{TITLE},”")
    assert axe_violations(tab) == []
    assert refused == []
    if os.environ.get("ARCHIVIST_SCREENSHOTS"):
        folder = Path(os.environ["ARCHIVIST_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        area = box.bounding_box()  # in the viewport: the clip of a full page is in the page
        top, margin = tab.evaluate("() => window.scrollY"), 24
        tab.screenshot(path=str(folder / "cite.png"), full_page=True,
                       clip={"x": area["x"] - margin, "y": top + area["y"] - margin,
                             "width": area["width"] + 2 * margin, "height": area["height"] + 2 * margin})
    context.close()


def test_without_script_the_style_is_chosen_by_the_form_and_no_copy_button_shows(browser, reference_site):
    context, tab, _ = _open(browser, reference_site, javascript=False)
    box = tab.locator("#cite")
    assert box.get_by_role("button", name="Copy citation").is_hidden()
    box.get_by_label("Citation style").select_option("mla")
    box.get_by_role("button", name="Show").click()
    tab.wait_for_url("**/documents/110390?style=mla#cite")
    assert box.locator(".citation").inner_text().startswith(f"Mao Zedong. “{TITLE}.”")
    assert [link.inner_text() for link in box.locator(".citation-downloads a").all()] == [
        "RIS", "BibTeX", "CSL-JSON"]
    context.close()
