"""A hit names the scanned pages holding the query's words, matched as the index matches them."""

from __future__ import annotations

import json

import pytest

from archivist.search.indexer import reindex, sync
from archivist.search.service import search

PAGES = {
    "scanned": [
        "Memorandum of conversation. The delegation arrived in Vladivostok on Monday.",
        "Советская делегация обсуждала вопрос о Порт-Артуре. Ельцин не участвовал.",
        "周恩來總理會見了代表團。",
        "Nothing of note on this page.",
        "The delegation left for Peking by train; the Vladivostok talks ended.",
        "Vladivostok again. Vladivostok harbour.",
        "Vladivostok once more.",
    ],
}


def _scan(record_id: str, texts: list[str]) -> None:
    """Pages with these texts (as a text layer or OCR gives them) for a saved document, with the outbox
    row that the scans' services write, so the index follows."""
    from archivist.records.models import Attachment, Change, Document
    from archivist.scans.models import Page

    document = Document.objects.get(record_id=record_id)
    attachment = Attachment.objects.create(document=document, kind="scan", filename="scan.pdf",
                                           media_type="application/pdf", position=1)
    Page.objects.bulk_create(
        Page(document=document, attachment=attachment, number=number, width=100, height=100,
             image=f"scans/{record_id}/1/{number}.png", text=text, text_source=Page.TextSource.OCR,
             ocr_status=Page.OcrStatus.DONE)
        for number, text in enumerate(texts, start=1))
    Change.objects.create(record_id=record_id, action=Change.Action.UPSERT)


@pytest.fixture
def scanned(put):
    put({"record_id": "scanned", "title": "A scanned report", "date": "1950",
         "text": "A transcription that says nothing of the place.", "text_language": "English"},
        {"record_id": "plain", "title": "Another report", "date": "1951",
         "text": "Delegation talks in Vladivostok.", "text_language": "English"})
    _scan("scanned", PAGES["scanned"])
    sync()


def _pages(q: str, record_id: str = "scanned") -> list[dict]:
    result = next(r for r in search(q).as_json()["results"] if r["record_id"] == record_id)
    return result["pages"]


def test_a_word_on_a_page_finds_the_document_and_names_the_page(scanned):
    pages = _pages("monday")
    assert [p["number"] for p in pages] == [1]
    assert "<mark>Monday</mark>" in pages[0]["snippet"]
    assert pages[0]["url"] == "/documents/scanned?page=1&q=monday#scan"
    assert _pages("Vladivostok", "plain") == []  # a document without scans names no pages


def test_pages_holding_more_of_the_query_come_first_and_at_most_three(scanned):
    assert [p["number"] for p in _pages("delegation vladivostok")] == [1, 5, 6]
    assert [p["number"] for p in _pages("vladivostok")] == [1, 5, 6]


def test_pages_match_as_the_index_does_phrases_prefixes_scripts(scanned):
    assert [p["number"] for p in _pages('"vladivostok talks"')] == [5]
    assert search('"harbour vladivostok"').total == 0  # not side by side: neither the document nor a page
    assert [p["number"] for p in _pages("vladivos*")] == [1, 5, 6]
    assert [p["number"] for p in _pages("Порт-Артуре")] == [2]
    assert [p["number"] for p in _pages("делегация")] == [2]
    # traditional characters on the page, simplified in the query, as a phrase of single characters
    pages = _pages("周恩来")
    assert [p["number"] for p in pages] == [3]
    assert "<mark>" in pages[0]["snippet"]
    assert [p["number"] for p in _pages("Zhou Enlai")] == [3]  # the characters read in pinyin
    assert [p["number"] for p in _pages("Ельцин")] == [2]
    assert [p["number"] for p in _pages("body:monday")] == [1]
    assert _pages("title:scanned") == []  # the title is not on a page


def test_a_phrase_never_spans_two_pages(scanned):
    # page 6 ends "harbour." and page 7 begins "Vladivostok": together they would be side by side
    assert search('"harbour vladivostok once"').total == 0


def test_pages_are_indexed_again_when_their_text_changes_and_by_reindex(scanned):
    from archivist.records.models import Change
    from archivist.scans.models import Page

    Page.objects.filter(document__record_id="scanned", number=4).update(text="A word: xylophone.")
    assert search("xylophone").total == 0
    Change.objects.create(record_id="scanned", action=Change.Action.UPSERT)  # as OCR's end writes
    sync()
    assert [p["number"] for p in _pages("xylophone")] == [4]
    reindex()
    assert [p["number"] for p in _pages("xylophone")] == [4]


def test_the_pages_of_a_document_no_longer_published_are_not_found(scanned):
    from archivist.records.services import set_status

    set_status("scanned", "draft")
    assert search("monday").total == 0  # before the index follows, and after
    sync()
    assert search("monday").total == 0


def test_the_search_page_links_each_page_found(scanned, client):
    page = client.get("/search", {"q": "vladivostok"}).content.decode()
    assert 'href="/documents/scanned?page=5&amp;q=vladivostok#scan">Found on page 5</a>' in page
    assert "<mark>Vladivostok</mark>" in page
    twin = client.get("/search.json", {"q": "monday"}).json()
    assert twin["results"][0]["pages"][0]["url"] == "/documents/scanned?page=1&q=monday#scan"


def test_the_document_twin_lists_its_scan_pages(scanned, client):
    from archivist.records.services import set_status

    pages = client.get("/documents/scanned.json").json()["pages"]
    assert [p["number"] for p in pages] == list(range(1, 8))
    assert pages[1] == {"number": 2, "text_source": "ocr", "ocr_status": "done", "text": PAGES["scanned"][1],
                        "thumbnail": pages[1]["thumbnail"], "url": "/documents/scanned?page=2#scan"}
    assert pages[1]["thumbnail"].startswith("/iiif/3/scanned/2/full/")
    assert client.get("/documents/plain.json").json()["pages"] == []
    set_status("scanned", "restricted")
    assert client.get("/documents/scanned.json").status_code == 404


def test_the_twins_with_pages_validate_against_their_schemas(scanned, client):
    from jsonschema import Draft202012Validator

    from archivist.web.api import schema_url
    from tests.web.test_api_schema import served_schemas

    registry = served_schemas(client)
    for name, url in (("search", "/search.json?q=vladivostok"), ("document", "/documents/scanned.json")):
        answer = client.get(url).json()
        validator = Draft202012Validator(registry.contents(schema_url(name)), registry=registry)
        assert [error.message for error in validator.iter_errors(answer)] == [], url
        assert not validator.is_valid(_without_page_numbers(answer))


def _without_page_numbers(answer: dict) -> dict:
    """The answer with its pages' numbers left out, which the schemas require."""

    def stripped(pages: list[dict]) -> list[dict]:
        assert pages
        return [{key: value for key, value in page.items() if key != "number"} for page in pages]

    if "results" in answer:
        return {**answer, "results": [{**result, "pages": stripped(result["pages"])}
                                      for result in answer["results"] if result["pages"]]}
    return {**answer, "pages": stripped(answer["pages"])}


def test_the_search_command_names_the_pages(scanned):
    from click.testing import CliRunner

    from archivist.cli.main import cli

    def run(*args: str) -> str:
        return CliRunner().invoke(cli, ["search", *args], catch_exceptions=False).output

    assert "scanned  1950  A scanned report\n  found on pages 1, 5, 6\n" in run("vladivostok")
    answer = json.loads(run("monday", "--json"))
    assert answer["results"][0]["pages"] == [
        {"number": 1, "snippet": "…The delegation arrived in Vladivostok on <mark>Monday</mark>.",
         "url": "/documents/scanned?page=1&q=monday#scan"}]


def test_a_pages_text_is_escaped_and_naming_pages_costs_no_query(put, client, django_assert_num_queries):
    put({"record_id": "hostile", "title": "A hostile scan", "date": "1950", "text": "Nothing here."},
        {"record_id": "quiet", "title": "A quiet scan", "date": "1951", "text": "Nothing here."})
    _scan("hostile", ['A text layer says <script>alert("x")</script> zanzibar & <b>more</b>.'])
    _scan("quiet", ["zanzibar, quietly."])
    sync()
    [page] = next(r for r in search("zanzibar").as_json()["results"] if r["record_id"] == "hostile")["pages"]
    assert page["snippet"] == ("A text layer says &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                               "<mark>zanzibar</mark> &amp; &lt;b&gt;more&lt;/b&gt;.")
    assert "<script>" not in client.get("/search", {"q": "zanzibar"}).content.decode()
    search("zanzibar")  # the caches of the index's commit filled
    with django_assert_num_queries(1):  # the outbox's position, whatever the results' pages
        assert [len(r.pages) for r in search("zanzibar", with_facets=False).hits] == [1, 1]
