"""Readers' journeys through the site in Chromium, and axe-core's accessibility checks of its pages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import BILINGUAL, axe_violations

# django_db makes pytest-django create the test database; the demo data is loaded once per module.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MAO_CABLE = "Cable, Mao Zedong to the Central Committee of the CCP"


def test_search_narrow_by_a_facet_and_open_a_document(page):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the documents")
    box.fill("Khrushchev")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Khrushchev"))
    total = _result_count(page)
    assert total > 1
    facet = page.locator("section.facet", has=page.get_by_role("heading", name="Year"))
    facet.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"year="))
    narrowed = _result_count(page)
    assert 0 < narrowed < total
    first_hit = page.locator("ol.hits li a").first
    title = first_hit.inner_text()
    first_hit.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.get_by_role("heading", level=1).inner_text() == title


def _result_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text()).group())


def test_follow_a_person_link_from_a_document(page):
    page.goto("/documents/110390")
    assert page.get_by_role("heading", level=1).inner_text() == MAO_CABLE
    page.get_by_role("link", name="Zhou, Enlai").click()
    page.wait_for_url(re.compile(r"/people/zhou-enlai$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Zhou Enlai")
    assert page.get_by_text("Chou En-lai").is_visible()
    page.get_by_role("link", name=MAO_CABLE).click()
    page.wait_for_url(re.compile(r"/documents/110390$"))


def test_chronological_browse(page):
    page.goto("/")
    page.get_by_role("navigation", name="Browse").get_by_role("link", name="Dates").click()
    page.get_by_role("link", name=re.compile(r"^1950")).click()
    page.wait_for_url(re.compile(r"/dates/1950$"))
    page.get_by_role("link", name=re.compile(r"^January")).click()
    page.wait_for_url(re.compile(r"/dates/1950/01$"))
    page.get_by_role("link", name=MAO_CABLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == MAO_CABLE


def test_footnote_anchor_leads_to_its_note(page):
    page.goto("/documents/frus1961-63v06-d21")
    page.locator(".text-body a[href='#note-1']").first.click()
    assert page.url.endswith("#note-1")
    assert page.locator("#note-1").is_visible()


def test_original_text_beside_its_translation(page):
    page.goto(f"/documents/{BILINGUAL}")
    translation, original = page.locator(".texts-parallel .text").all()
    assert translation.bounding_box()["y"] == original.bounding_box()["y"]  # side by side
    assert original.locator("[lang=ja]").inner_text().startswith("日本国民は")
    page.set_viewport_size({"width": 375, "height": 740})
    assert translation.is_visible() and original.is_hidden()  # one at a time: test_document_layout.py


def test_download_the_original_xml(page):
    page.goto("/documents/frus1961-63v06-d21")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Original .*XML")).click()
    assert download.value.suggested_filename.endswith(".xml")
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("<?xml")


def test_keyboard_skip_link_and_visible_focus(page):
    page.goto("/documents/110390")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent, "
                            "getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["Skip to main content", "solid"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_usable_on_a_phone(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 375, "height": 740},
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    tab = context.new_page()
    for url in ("/", "/documents/110390", "/search?q=treaty", "/people", "/dates/1950"):
        tab.goto(url)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, (url, width)
    context.close()


def test_pages_work_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/search?q=Kennedy")
    assert tab.locator("ol.hits li").count() > 0
    tab.goto("/documents/110390")
    assert tab.get_by_text("Subjects Discussed").is_visible()
    context.close()


AXE_PAGES = ["/", "/documents/110390", "/documents/frus1961-63v06-d21", f"/documents/{BILINGUAL}",
             "/search?q=treaty",
             "/search?q=Kennedy&year=1962", "/people", "/people?letter=Z", "/people/zhou-enlai",
             "/organizations", "/places", "/places/china", "/topics", "/topics/sino-soviet-relations",
             "/subjects", "/catalog", "/dates", "/dates/1950", "/dates/1950/01", "/about",
             "/subjects/china", "/catalog/chinese-communist-party-central-archives-cca",
             "/people/frus1961-63v06-p_RD3", "/people/frus1961-63v06-p_RD3?part=wrote"]


@pytest.mark.parametrize("url", AXE_PAGES)
def test_no_axe_violations(page, url):
    response = page.goto(url)
    assert response.status == 200
    violations = axe_violations(page)
    assert violations == [], violations


SCREENSHOTS = {"home": "/", "document": "/documents/110390", "document-frus": "/documents/frus1961-63v06-d21",
               "document-bilingual": f"/documents/{BILINGUAL}",
               "search": "/search?q=Khrushchev", "people": "/people", "person": "/people/zhou-enlai",
               "topics": "/topics", "dates": "/dates", "year": "/dates/1962"}


@pytest.mark.skipif(not os.environ.get("ARCHIVIST_SCREENSHOTS"),
                    reason="set ARCHIVIST_SCREENSHOTS=docs/screenshots to write screenshots")
def test_write_screenshots(browser, site):
    folder = Path(os.environ["ARCHIVIST_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for width, suffix in ((1280, ""), (390, "-phone")):
        context = browser.new_context(base_url=site, viewport={"width": width, "height": 900})
        tab = context.new_page()
        for name, url in SCREENSHOTS.items():
            if suffix and name not in ("home", "document", "search"):
                continue
            tab.goto(url)
            tab.screenshot(path=str(folder / f"{name}{suffix}.png"), full_page=name != "document-frus")
        context.close()
