"""The document page's layout in Chromium: the description beside the text on a wide screen; on a phone
the text first, and a switch between an original and its translation that needs no script."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BILINGUAL, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}


def open_page(browser, site, url: str, viewport: dict, **options):
    context = browser.new_context(base_url=site, viewport=viewport, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(url)
    return context, tab


def box(tab, selector: str) -> dict:
    return tab.locator(selector).first.bounding_box()


@pytest.mark.parametrize("url", ["/documents/110390", f"/documents/{BILINGUAL}"])
def test_on_a_wide_screen_the_description_is_beside_the_text(browser, site, url):
    context, tab = open_page(browser, site, url, WIDE)
    texts = [t.bounding_box() for t in tab.locator(".text").all()]
    description = box(tab, ".description")
    right_of_texts = max(t["x"] + t["width"] for t in texts)
    assert description["x"] >= right_of_texts  # beside, not below
    assert description["y"] < texts[0]["y"] + texts[0]["height"]
    assert tab.locator(".text-switch").is_hidden()
    assert all(t["y"] == texts[0]["y"] for t in texts)  # an original beside its translation
    assert description["x"] + description["width"] - texts[0]["x"] > 1000  # not one 670-pixel column
    context.close()


def test_on_a_phone_the_text_comes_first(browser, site):
    context, tab = open_page(browser, site, "/documents/110390", PHONE, is_mobile=True, has_touch=True)
    assert box(tab, ".text")["y"] < box(tab, ".description")["y"]
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_a_switch_shows_one_language_at_a_time(browser, site, javascript):
    context, tab = open_page(browser, site, f"/documents/{BILINGUAL}", PHONE, is_mobile=True,
                             has_touch=True, java_script_enabled=javascript)
    translation, original = tab.locator(".texts-parallel .text").all()
    assert translation.is_visible() and original.is_hidden()
    assert box(tab, ".texts-parallel .text")["y"] < box(tab, ".description")["y"]
    switch = tab.get_by_role("group", name="Read")
    switch.locator("label").nth(1).click()
    assert original.is_visible() and translation.is_hidden()
    assert original.locator("[lang]").first.inner_text().strip()
    switch.get_by_role("radio").first.check()  # by keyboard or pointer alike
    assert translation.is_visible() and original.is_hidden()
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_printed_from_a_phone_both_texts_show(browser, site):
    context, tab = open_page(browser, site, f"/documents/{BILINGUAL}", PHONE)
    tab.emulate_media(media="print")
    assert all(text.is_visible() for text in tab.locator(".texts-parallel .text").all())
    assert tab.locator(".text-switch").is_hidden()
    context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("url", ["/documents/110390", f"/documents/{BILINGUAL}",
                                 "/documents/frus1961-63v06-d21"])
def test_no_axe_violations_in_either_layout(browser, site, url, viewport):
    context, tab = open_page(browser, site, url, viewport)
    violations = axe_violations(tab)
    assert violations == [], violations
    context.close()
