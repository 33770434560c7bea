"""Cross-references in FRUS notes, followed in a real browser: a footnote's reference leads to the
footnote it names on the other document's page, a document's reference to that document."""

import re

import pytest

# django_db makes pytest-django create the test database; the demo data is loaded once per module.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_reference_to_a_footnote_of_another_document_leads_to_that_footnote(page):
    page.goto("/documents/frus1961-63v06-d21")
    page.locator(".notes-list").get_by_role("link", name="footnote 2, Document 16").click()
    page.wait_for_url(re.compile(r"/documents/frus1961-63v06-d16#note-2$"))
    note = page.locator("#note-2")
    assert note.is_visible() and note.inner_text().startswith("2.")


def test_a_reference_to_a_document_leads_to_its_page(page):
    page.goto("/documents/frus1961-63v06-d2")
    page.locator(".notes-list").get_by_role("link", name="Document 1", exact=True).click()
    page.wait_for_url(re.compile(r"/documents/frus1961-63v06-d1$"))
    assert "Khrushchev" in page.get_by_role("heading", level=1).inner_text()
