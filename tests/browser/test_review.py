"""The review screen in Chromium over the enriched demo archive: an editor accepts and rejects proposed
links one at a time, several at once and from the keyboard; without JavaScript; axe-core's checks."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.conftest import _load_demo, axe_violations, live_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EDITOR, PASSWORD = "editor", "a long passphrase of the editor"
QUEUE = "/curate/review/"
MOLOTOV = "Molotov, Vyacheslav Mikhailovich"


def _load_enriched_demo() -> None:
    """The demo archive as `archivist demo` leaves it (variants generated, links proposed), and an
    editor: someone who may judge links, and nothing else."""
    from archivist.curation.roles import add_user
    from archivist.enrich.services import enrich_documents, regenerate_all_variants
    from archivist.outbox import catch_up

    _load_demo()
    regenerate_all_variants()
    enrich_documents()
    catch_up()
    add_user(EDITOR, "editor", PASSWORD)


@pytest.fixture(scope="module")
def review_site(django_db_setup, browser, django_db_blocker, tmp_path_factory):
    with live_site(tmp_path_factory, django_db_blocker, "review-archive", _load_enriched_demo) as url:
        yield url


@pytest.fixture(scope="module")
def signed_in(browser, review_site):
    """The editor's cookies after signing in through the admin's login page, once for the module."""
    context = browser.new_context(base_url=review_site)
    tab = context.new_page()
    tab.goto(f"/admin/login/?next={QUEUE}")
    tab.fill("#id_username", EDITOR)
    tab.fill("#id_password", PASSWORD)
    with tab.expect_navigation():
        tab.click("input[type=submit]")
    assert tab.url.endswith(QUEUE)
    state = context.storage_state()
    context.close()
    return state


@contextmanager
def _editor_tab(browser, review_site, signed_in, javascript: bool = True, width: int = 1280,
                height: int = 900):
    context = browser.new_context(base_url=review_site, viewport={"width": width, "height": height},
                                  java_script_enabled=javascript, storage_state=signed_in)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(QUEUE)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def editor(browser, review_site, signed_in):
    with _editor_tab(browser, review_site, signed_in) as tab:
        yield tab


def _proposed(record_id: str) -> list[tuple[int, str]]:
    """A document's proposed links as (id, authority name), in the queue's order."""
    from archivist.records.models import Link

    return list(Link.objects.filter(document__record_id=record_id, status="proposed")
                .order_by("-confidence", "position").values_list("pk", "authority__sort_name"))


def _documents_with_proposals(at_least: int) -> list[str]:
    from django.db.models import Count

    from archivist.records.models import Link

    return list(Link.objects.filter(status="proposed").values_list("document__record_id", flat=True)
                .annotate(n=Count("id")).filter(n__gte=at_least).order_by("document__record_id"))


def _status(link_id: int) -> str:
    from archivist.records.models import Link

    return Link.objects.get(pk=link_id).status


def _message(tab) -> str:
    return tab.locator(".messages").inner_text()


def test_accept_one_and_it_shows_on_the_document_page(editor):
    editor.goto(f"{QUEUE}?document=110390")
    item = editor.locator(".review-item", has=editor.get_by_role("heading", name=MOLOTOV))
    assert item.locator("mark").first.inner_text().endswith("Molotov")
    with editor.expect_navigation():
        item.get_by_role("button", name=f"Accept {MOLOTOV} in 110390").click()
    assert _message(editor) == f"Accepted 1 link: {MOLOTOV} in 110390."
    assert editor.get_by_role("heading", name=MOLOTOV).count() == 0
    editor.goto("/documents/110390")
    with editor.expect_navigation():
        editor.get_by_role("link", name=MOLOTOV).click()
    assert editor.url.endswith("/people/molotov-vyacheslav")
    assert editor.get_by_role("link", name=re.compile("Cable, Mao Zedong")).is_visible()


def test_reject_one_and_it_stays_off_the_document_page(editor):
    (link_id, name), *_ = [p for p in _proposed("110390") if p[1].startswith("Mikoyan")]
    editor.goto(f"{QUEUE}?document=110390")
    with editor.expect_navigation():
        editor.get_by_role("button", name=f"Reject {name} in 110390").click()
    assert _message(editor) == f"Rejected 1 link: {name} in 110390."
    assert _status(link_id) == "rejected"
    editor.goto("/documents/110390")
    assert editor.get_by_role("link", name=name).count() == 0


def test_accept_several_at_once(editor):
    record_id = _documents_with_proposals(3)[0]
    chosen = _proposed(record_id)[:2]
    editor.goto(f"{QUEUE}?document={record_id}")
    for _, name in chosen:
        editor.get_by_label(f"Select {name} in {record_id}").check()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Accept selected").click()
    assert _message(editor).startswith("Accepted 2 links:")
    assert [_status(link_id) for link_id, _ in chosen] == ["accepted", "accepted"]
    assert editor.locator(".review-item").count() == len(_proposed(record_id))


def test_keyboard_shortcuts(editor):
    record_id = _documents_with_proposals(3)[1]
    first, second, third, *_ = _proposed(record_id)
    editor.goto(f"{QUEUE}?document={record_id}")
    editor.keyboard.press("?")
    assert editor.locator("#shortcuts").get_attribute("open") is not None
    editor.keyboard.press("j")
    assert editor.evaluate("() => document.activeElement.id") == f"link-{first[0]}"
    editor.keyboard.press("x")
    editor.keyboard.press("j")
    editor.keyboard.press("x")
    editor.keyboard.press("k")
    assert editor.locator(f"#link-{first[0]}").get_attribute("class") == "review-item current"
    assert editor.get_by_label(f"Select {second[1]} in {record_id}").is_checked()
    with editor.expect_navigation():
        editor.keyboard.press("Shift+A")
    assert _message(editor).startswith("Accepted 2 links:")
    assert (_status(first[0]), _status(second[0])) == ("accepted", "accepted")
    editor.keyboard.press("j")
    with editor.expect_navigation():
        editor.keyboard.press("r")
    assert _message(editor) == f"Rejected 1 link: {third[1]} in {record_id}."
    # Typing in a filter is typing, not a shortcut.
    editor.get_by_label("Authority record").fill("ajrx")
    assert editor.get_by_label("Authority record").input_value() == "ajrx"


def test_works_without_javascript(browser, review_site, signed_in):
    with _editor_tab(browser, review_site, signed_in, javascript=False) as tab:
        _reject_with_the_form(tab)


def _reject_with_the_form(tab) -> None:
    record_id = _documents_with_proposals(2)[2]
    (link_id, name), *_ = _proposed(record_id)
    tab.goto(QUEUE)
    tab.get_by_label("Document").fill(record_id)
    tab.get_by_label("Order").select_option("confidence")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Show").click()
    assert "order=confidence" in tab.url
    tab.get_by_label(f"Select {name} in {record_id}").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Reject selected").click()
    assert _message(tab) == f"Rejected 1 link: {name} in {record_id}."
    assert _status(link_id) == "rejected"


@pytest.mark.parametrize("url", [QUEUE, f"{QUEUE}?min_confidence=2"])
def test_no_axe_violations(editor, url):
    editor.goto(url)
    assert axe_violations(editor) == []


def test_no_axe_violations_with_a_message_and_the_shortcuts_shown(editor):
    editor.goto(f"{QUEUE}?document=110390")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Reject selected").click()
    editor.keyboard.press("?")
    editor.keyboard.press("j")
    assert _message(editor).startswith("Nothing was changed")
    assert axe_violations(editor) == []


def test_on_a_phone(browser, review_site, signed_in):
    with _editor_tab(browser, review_site, signed_in, width=375) as tab:
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 375


@pytest.mark.skipif(not os.environ.get("ARCHIVIST_SCREENSHOTS"),
                    reason="set ARCHIVIST_SCREENSHOTS=docs/screenshots to write screenshots")
def test_write_screenshots(browser, review_site, signed_in):
    folder = Path(os.environ["ARCHIVIST_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    with _editor_tab(browser, review_site, signed_in, height=1600) as tab:
        tab.screenshot(path=str(folder / "review-queue.png"))
        tab.goto(f"{QUEUE}?document=110390")
        tab.keyboard.press("j")
        tab.keyboard.press("x")
        tab.screenshot(path=str(folder / "review-filtered.png"), full_page=True)
    with _editor_tab(browser, review_site, signed_in, width=390) as tab:
        tab.screenshot(path=str(folder / "review-phone.png"))
    with _editor_tab(browser, review_site, signed_in, height=1000) as tab:  # the judgment in the history
        tab.goto(f"{QUEUE}?document=110390")
        record = tab.locator("a[href*='/admin/records/document/']").first.get_attribute("href")
        tab.locator("button[name=accept]:not([value=selected])").first.click()
        tab.goto(f"{record.removesuffix('change/')}history/")
        tab.screenshot(path=str(folder / "history.png"))
