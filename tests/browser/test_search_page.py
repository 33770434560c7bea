"""Issue #17, part C, in Chromium: the search page's filter bar and facet modes as plain links (without
JavaScript), the jump to the filters on a phone and back, usable date boxes, and axe-core on the new
states of the page (filters chosen, nothing found, a phone)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def _count(tab) -> int:
    heading = tab.locator("#results-heading").inner_text()
    return 0 if heading == "No documents found" else int(re.match(r"\d+", heading).group())


def _people(tab):
    return tab.locator("section.facet", has=tab.get_by_role("heading", name="People", exact=True))


def _chips(tab) -> list[str]:
    return [" ".join(text.split()) for text in tab.locator("nav.chosen-filters li a").all_inner_texts()]


def test_choose_two_people_switch_to_any_remove_one_and_clear_all_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/search?q=Khrushchev")
    everything = _count(tab)
    first, second = (_people(tab).get_by_role("link").nth(n).inner_text() for n in (0, 1))
    _people(tab).get_by_role("link", name=first, exact=True).click()
    _people(tab).get_by_role("link", name=second, exact=True).click()
    assert _chips(tab) == [f"People: {first} ×", f"People: {second} ×"]
    both = _count(tab)
    assert _people(tab).locator(".facet-mode strong").inner_text() == "all of them"
    _people(tab).get_by_role("link", name="any of them").click()
    assert "people_mode=any" in tab.url
    either = _count(tab)
    assert both <= either <= everything and either > 0
    tab.get_by_role("link", name=f"Remove People: {first}").click()
    assert _chips(tab) == [f"People: {second} ×"]
    tab.get_by_role("link", name="Clear all filters").click()
    assert tab.locator("nav.chosen-filters").count() == 0
    assert _count(tab) == everything and re.search(r"/search\?q=Khrushchev$", tab.url)
    context.close()


def test_a_phone_jumps_to_the_filters_and_back(browser, site):
    context = browser.new_context(base_url=site, **PHONE)
    tab = context.new_page()
    tab.goto("/search?q=Khrushchev")
    jump = tab.get_by_role("link", name="Filters", exact=True)
    assert jump.is_visible() and jump.bounding_box()["y"] < 400  # near the top of the first screen
    filters = tab.locator("#filters")
    assert filters.bounding_box()["y"] > 2000  # below the results, as the page flows on a phone
    jump.click()
    tab.wait_for_function("() => window.scrollY > 1000")
    assert tab.evaluate("() => document.getElementById('filters').getBoundingClientRect().top") < 100
    tab.get_by_role("link", name="Back to the results").click()
    tab.wait_for_function("() => Math.abs(document.getElementById('results-heading')"
                          ".getBoundingClientRect().top) < 100")
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_jump_is_not_shown_beside_the_filters_on_a_wide_screen(page):
    page.goto("/search?q=Khrushchev")
    assert not page.get_by_role("link", name="Filters", exact=True).is_visible()
    assert page.locator("#filters").bounding_box()["x"] > 640  # the filters are beside the results


@pytest.mark.parametrize("width", [375, 1280])
def test_date_boxes_hold_a_whole_date_and_narrow_the_search(browser, site, width):
    context = browser.new_context(base_url=site, viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto("/search?q=Khrushchev")
    everything = _count(tab)
    for name in ("From", "to"):
        box = tab.get_by_role("textbox", name=name, exact=True)
        assert box.bounding_box()["width"] >= 120  # "1962-10-27" with room to spare
    tab.get_by_role("textbox", name="From", exact=True).fill("1962-10")
    tab.get_by_role("textbox", name="to", exact=True).fill("1962-10-31")
    tab.get_by_role("button", name="Search", exact=True).last.click()
    tab.wait_for_url(re.compile(r"from=1962-10"))
    assert 0 < _count(tab) < everything
    assert _chips(tab) == ["From 1962-10 ×", "To 1962-10-31 ×"]
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
    context.close()


def test_nothing_found_is_a_message_with_suggestions(page):
    page.goto("/search?q=zzyzxqq&year=1962")
    assert page.get_by_role("heading", name="No documents found").is_visible()
    assert page.locator("ol.hits").count() == 0
    page.get_by_role("link", name="search without filters").click()
    assert re.search(r"/search\?q=zzyzxqq$", page.url)


@pytest.mark.parametrize("url", ["/search?q=Khrushchev&year=1962&from=1961&to=1963",
                                 "/search?q=zzyzxqq&year=1962", "/search?from=1963&to=1961"])
def test_no_axe_violations_in_the_new_states_of_the_search_page(page, url):
    page.goto(url)
    people = _people(page).locator("li a:not([aria-current])")
    if people.count() >= 2:  # two people chosen: the mode links
        people.first.click()
        page.wait_for_url(re.compile(r"people="))
        _people(page).locator("li a:not([aria-current])").first.click()
        page.wait_for_url(re.compile(r"people=.*people="))
        assert _people(page).locator(".facet-mode").is_visible()
    assert axe_violations(page) == []


def test_no_axe_violations_on_a_phone(browser, site):
    context = browser.new_context(base_url=site, **PHONE)
    tab = context.new_page()
    tab.goto("/search?q=Khrushchev&year=1962")
    assert axe_violations(tab) == []
    context.close()
