"""Issue #16 in Chromium, on the demo archive: the timeline, map and network of a search narrow it when a
year, a place or a person is chosen in the picture (the search page reached counts the picture's
documents); each picture is saved as a valid SVG and PNG under the site's Content-Security-Policy; axe
finds nothing on the three pages; without JavaScript each page is its table, and on a phone it fits; a
person's page shows their own network."""

from __future__ import annotations

import os
import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.conftest import _load_demo, axe_violations, live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PICTURES = ("timeline", "map", "network")
SVG = "{http://www.w3.org/2000/svg}svg"


def _count(tab) -> int:
    heading = tab.locator("#results-heading").inner_text()
    return 0 if heading == "No documents found" else int(re.match(r"\d+", heading).group())


def _json(tab, url: str) -> dict:
    response = tab.request.get(url)
    assert response.ok, url
    return response.json()


def _query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def _load_enriched_demo() -> None:
    """The demo archive as `archivist demo` leaves it: with the dates its texts mention (the timeline's
    second layer)."""
    from archivist.enrich.services import enrich_documents
    from archivist.outbox import catch_up

    _load_demo()
    enrich_documents()
    catch_up()


@pytest.fixture(scope="module")
def site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    with live_site(tmp_path_factory, django_db_blocker, "pictures-archive", _load_enriched_demo) as url:
        yield url


@pytest.fixture
def tab(browser, site):
    """A tab that records what the Content-Security-Policy refuses and the page's script errors."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.problems = []
    opened.on("console", lambda message: opened.problems.append(message.text)
              if message.type == "error" else None)
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    yield opened
    context.close()


def _drawn(tab, url: str) -> None:
    assert tab.goto(url).status == 200, url
    tab.locator("#picture svg[role='img']").wait_for()


def test_choosing_a_year_on_the_timeline_narrows_the_search(tab):
    timeline = _json(tab, "/timeline.json?q=Khrushchev")
    url = "/timeline?q=Khrushchev"
    if timeline["unit"] == "decade":  # the years of the decade with most documents
        url = max(timeline["periods"], key=lambda period: period["documents"])["zoom"]
        timeline = _json(tab, url.replace("/timeline?", "/timeline.json?"))
    assert timeline["unit"] == "year"
    year = max(timeline["periods"], key=lambda period: period["documents"])
    _drawn(tab, url)
    assert tab.locator("#picture rect[data-period]").count() == sum(
        1 for period in timeline["periods"] if period["documents"] or period["mentioned"])
    tab.locator(f"#picture rect[data-period='{year['period']}']").click()
    choice = tab.locator("#picture-choice")
    assert choice.inner_text().startswith(f"{year['period']}: {year['documents']} documents dated")
    choice.get_by_role("link", name=f"Show the {year['documents']} documents of {year['period']}").click()
    tab.wait_for_url("**/search?**")
    assert ("q", "Khrushchev") in _query(tab.url)
    assert _count(tab) == year["documents"] > 0
    assert tab.locator("nav.chosen-filters").inner_text().count(year["period"]) >= 1
    assert tab.problems == []


def test_a_year_zooms_into_its_months(tab):
    timeline = _json(tab, "/timeline.json?q=Khrushchev")
    period = max(timeline["periods"], key=lambda period: period["documents"])
    _drawn(tab, "/timeline?q=Khrushchev")
    tab.locator(f"#picture rect[data-period='{period['period']}']").click()
    tab.locator("#picture-choice").get_by_role("link", name=re.compile("^Zoom into its")).click()
    tab.wait_for_url("**/timeline?**")
    months = _json(tab, urlsplit(tab.url).path + ".json?" + urlsplit(tab.url).query)
    assert months["unit"] in ("year", "month")
    # a document dated by its year alone is in no month
    assert 0 < sum(month["documents"] for month in months["periods"]) <= period["documents"]
    tab.locator("#picture svg").wait_for()
    assert tab.get_by_role("link", name="Zoom out").count() == 1


def test_choosing_a_place_on_the_map_narrows_the_search(tab):
    places = _json(tab, "/map.json")["places"]
    assert places, "no place of the demo archive has coordinates"
    # The smallest point is drawn last, above any larger one at the same spot (Moscow, the Soviet Union)
    place = min(places, key=lambda place: place["documents"])
    _drawn(tab, "/map")
    tab.locator("#picture circle.picture-place").first.wait_for()
    assert tab.locator("#picture circle.picture-place").count() == len(places)
    tab.locator(f"#picture circle[data-key='{place['key']}']").click()
    tab.wait_for_url("**/search?**")
    assert ("places", f"place/{place['key']}") in _query(tab.url)
    assert _count(tab) == place["documents"] > 0
    assert tab.problems == []


def test_choosing_a_person_in_the_network_narrows_the_search(tab):
    network = _json(tab, "/network.json?q=Khrushchev")
    person = network["people"][0]  # the most documents: the largest circle
    _drawn(tab, "/network?q=Khrushchev")
    assert tab.locator("#picture circle.picture-person").count() == len(network["people"])
    tab.locator(f"#picture circle[data-key='{person['key']}']").click()
    tab.wait_for_url("**/search?**")
    query = _query(tab.url)
    assert ("q", "Khrushchev") in query and ("people", f"{person['kind']}/{person['key']}") in query
    assert _count(tab) == person["documents"] > 0
    assert tab.problems == []


@pytest.mark.parametrize("picture", PICTURES)
def test_no_axe_violations_drawn_and_with_the_table_open(tab, picture):
    _drawn(tab, f"/{picture}?q=Khrushchev")
    assert axe_violations(tab) == []
    tab.locator("details.picture-table summary").click()
    assert tab.locator("details.picture-table table").is_visible()
    assert axe_violations(tab) == []


@pytest.mark.parametrize("picture", PICTURES)
def test_the_picture_is_saved_as_svg_and_as_png(tab, picture):
    _drawn(tab, f"/{picture}?q=Khrushchev")
    box = tab.evaluate("() => { const b = document.querySelector('#picture svg').viewBox.baseVal;"
                       " return [b.width, b.height]; }")
    with tab.expect_download() as saving:
        tab.get_by_role("button", name="Save as SVG").click()
    assert saving.value.suggested_filename.endswith(".svg")
    drawing = ElementTree.parse(saving.value.path()).getroot()
    assert drawing.tag == SVG and [float(drawing.get("width")), float(drawing.get("height"))] == box
    assert drawing.find("{http://www.w3.org/2000/svg}title").text
    with tab.expect_download() as saving:
        tab.get_by_role("button", name="Save as PNG").click()
    assert saving.value.suggested_filename.endswith(".png")
    data = Path(saving.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert list(struct.unpack(">II", data[16:24])) == [2 * box[0], 2 * box[1]]  # twice the size, for print
    assert tab.problems == []  # nothing refused by the Content-Security-Policy


@pytest.mark.parametrize("picture", PICTURES)
def test_without_javascript_the_page_is_its_table(browser, site, picture):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    tab = context.new_page()
    data = _json(tab, f"/{picture}.json?q=Khrushchev")
    tab.goto(f"/{picture}?q=Khrushchev")
    rows = tab.locator("details.picture-table tbody tr")
    expected = {"timeline": len(data.get("periods", [])),
                "map": len(data.get("places", [])) + len(data.get("without_coordinates", [])),
                "network": len(data.get("people", []))}[picture]
    assert rows.count() == expected > 0 and rows.first.is_visible()
    assert not tab.get_by_role("button", name="Save as SVG").is_visible()
    first = rows.first.get_by_role("link", name=re.compile("^Show the")).get_attribute("href")
    assert first.startswith("/search?") and ("q", "Khrushchev") in _query(first)
    tabs = tab.get_by_role("navigation", name="Results and pictures of this search")
    assert [link.get_attribute("href") for link in tabs.get_by_role("link").all()] == [
        f"/{name}?q=Khrushchev" for name in ("search", *PICTURES)]
    back = tab.get_by_role("link", name="Back to the search results")
    assert back.get_attribute("href") == "/search?q=Khrushchev"
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_page_fits_and_a_wide_table_scrolls_in_itself(browser, site, javascript):
    context = browser.new_context(base_url=site, viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, java_script_enabled=javascript)
    tab = context.new_page()
    for picture in PICTURES:
        tab.goto(f"/{picture}?q=Khrushchev")
        if javascript:
            tab.locator("#picture svg").wait_for()
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 375, picture
        tabs = tab.get_by_role("navigation", name="Results and pictures of this search").get_by_role("link")
        assert len({round(link.bounding_box()["y"]) for link in tabs.all()}) == 1  # the tabs on one line
        if javascript:  # axe-core itself needs JavaScript in the page
            assert axe_violations(tab) == []
    context.close()


def test_the_search_page_links_to_its_pictures_keeping_the_search(tab):
    tab.goto("/search?q=Khrushchev&places=place%2Fmoscow&page=1&sort=date")
    for picture in PICTURES:
        link = tab.get_by_role("link", name=picture.capitalize(), exact=True)
        assert link.get_attribute("href") == f"/{picture}?q=Khrushchev&places=place%2Fmoscow"
    tab.get_by_role("link", name="Map", exact=True).click()
    assert tab.locator("h1").inner_text() == "Map of the search “Khrushchev”"
    assert "Places: Moscow" in tab.locator(".picture-filters").inner_text()


def test_a_person_page_shows_their_own_network_and_links_to_the_pictures(tab):
    network = _json(tab, "/network.json?people=person%2Fzhou-enlai")
    tab.goto("/people/zhou-enlai")
    for picture in PICTURES:
        link = tab.get_by_role("link", name=picture.capitalize(), exact=True)
        assert link.get_attribute("href") == f"/{picture}?people=person%2Fzhou-enlai"
    own = tab.locator("section.own-network")
    own.locator("svg[role='img']").wait_for()
    assert own.locator("circle.picture-person").count() == len(network["people"])
    assert own.locator("circle[data-key='zhou-enlai']").get_attribute("fill") == "#b35900"  # the centre
    linked = {name.strip() for name in own.locator("tbody th").all_text_contents()}  # folded: text, not shown
    others = {person["name"] for person in network["people"] if person["key"] != "zhou-enlai"}
    assert linked == others != set()
    assert axe_violations(tab) == []
    assert tab.problems == []


@pytest.mark.skipif(not os.environ.get("ARCHIVIST_SCREENSHOTS"),
                    reason="set ARCHIVIST_SCREENSHOTS=docs/screenshots to write screenshots")
def test_write_screenshots(tab):
    folder = Path(os.environ["ARCHIVIST_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for picture, url in (("timeline", "/timeline"), ("map", "/map"), ("network", "/network?q=Khrushchev")):
        _drawn(tab, url)
        tab.screenshot(path=str(folder / f"{picture}.png"), full_page=True)
