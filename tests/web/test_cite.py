"""The Cite box of the document page, its downloads by link and by content negotiation, and the citation
downloads of a whole search: published documents only."""

from __future__ import annotations

import json
import re

import bibtexparser
import lxml.html
import pytest
import rispy

from archivist.search.indexer import sync
from archivist.web.views import citations

CITATION_TYPES = {"application/x-research-info-systems": "ris", "application/x-bibtex": "bib",
                  "application/vnd.citationstyles.csl+json": "json"}


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def _cite_box(page: str) -> str:
    return re.search(r'<section class="cite" id="cite".*?</section>', page, re.S).group()


def test_the_cite_box_offers_the_styles_and_shows_the_one_chosen_without_script(client, full_record):
    box = _cite_box(client.get("/documents/110390").content.decode())
    assert re.findall(r'<option value="(\w+)"', box) == ["archive", "chicago", "mla", "apa"]
    assert '<option value="archive" selected>' in box
    assert '<form class="cite-style" method="get" action="#cite">' in box
    assert '<p class="copy-citation" hidden>' in box  # the copy button waits for its script
    assert re.findall(r"<script[^>]*>", box) == ['<script src="/static/archivist/cite.js" defer>']
    mla = _cite_box(client.get("/documents/110390?style=mla").content.decode())
    assert '<option value="mla" selected>' in mla
    assert 'data-style="mla">Mao Zedong. “Cable, Mao Zedong' in mla
    apa = _cite_box(client.get("/documents/110390?style=apa").content.decode())
    assert "<i>Cable, Mao Zedong to the Central Committee of the CCP</i>" in apa
    unknown = _cite_box(client.get("/documents/110390?style=<b>x").content.decode())
    assert '<option value="archive" selected>' in unknown and "<b>x" not in unknown


def test_the_cite_box_links_the_downloads_and_the_twin_lists_them(client, full_record):
    box = _cite_box(client.get("/documents/110390").content.decode())
    links = re.findall(r'<a href="(/documents/110390/citation\.\w+)" type="([^"]+)" download>', box)
    assert {media_type: url.rsplit(".", 1)[1] for url, media_type in links} == CITATION_TYPES
    twin = client.get("/documents/110390.json").json()
    assert {d["media_type"]: d["url"] for d in twin["citation_downloads"]} == {
        media_type: url for url, media_type in links}
    assert [c["style"] for c in twin["citation_styles"]] == ["archive", "chicago", "mla", "apa"]


def test_the_twin_shows_the_citation_the_page_shows_in_the_style_asked_for(client, full_record):
    for query in ("", "?style=archive", "?style=chicago", "?style=mla", "?style=apa"):
        box = _cite_box(client.get(f"/documents/110390{query}").content.decode())
        shown = re.search(r'<p class="citation" id="citation-text" data-style="(\w+)">(.*?)</p>', box, re.S)
        citation = client.get(f"/documents/110390.json{query}").json()["citation"]
        assert (citation["style"], citation["html"]) == shown.groups(), query
        assert citation["text"] == lxml.html.fragment_fromstring(shown.group()).text_content(), query


def test_the_twin_gives_the_apa_citation_for_style_apa(client, full_record):
    citation = client.get("/documents/110390.json?style=apa").json()["citation"]
    assert (citation["style"], citation["label"]) == ("apa", "APA")
    assert citation["text"].startswith("Mao Zedong. (1950). Cable, Mao Zedong to the Central Committee of "
                                       "the CCP.")
    assert "<i>Cable, Mao Zedong to the Central Committee of the CCP</i>" in citation["html"]


@pytest.mark.parametrize("style", ["<b>x", "APA", "apa ", "chicago;mla", "../apa", "%00", ""])
def test_an_unknown_style_gives_the_twin_the_archives_own(client, full_record, style):
    default = client.get("/documents/110390.json").json()
    twin = client.get("/documents/110390.json", {"style": style}).json()
    assert twin["citation"]["style"] == "archive"
    assert twin["citation"]["text"] == default["citation"]["text"] == default["citation_as_published"]
    assert twin["citation_styles"] == default["citation_styles"]


def test_each_styles_answer_has_its_own_etag(client, full_record):
    """ConditionalGetMiddleware hashes the body: a client holding one style's twin or page is not told
    another style's is unchanged."""
    for path in ("/documents/110390", "/documents/110390.json"):
        tags = {client.get(f"{path}?style={style}")["ETag"] for style in ("archive", "chicago", "mla", "apa")}
        assert len(tags) == 4, path
        archive_tag = client.get(f"{path}?style=archive")["ETag"]
        assert client.get(f"{path}?style=apa", HTTP_IF_NONE_MATCH=archive_tag).status_code == 200, path


def test_a_hostile_title_is_text_in_every_style(client, add_document):
    title = '<script>alert(1)</script> & <i onclick="x">'
    add_document("evil", title=title)
    for style in ("archive", "chicago", "mla", "apa"):
        box = _cite_box(client.get(f"/documents/evil?style={style}").content.decode())
        shown = lxml.html.fragment_fromstring(re.search(r'<p class="citation".*?</p>', box, re.S).group())
        assert all(element.tag == "i" and not element.attrib for element in shown.iterdescendants()), style
        assert title.lower() in shown.text_content().lower(), style  # styles may set titles in title case


@pytest.mark.parametrize("media_type", list(CITATION_TYPES))
def test_the_documents_address_answers_each_citation_type_by_content_negotiation(client, full_record,
                                                                                media_type):
    response = client.get("/documents/110390", HTTP_ACCEPT=media_type)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert response["Vary"] == "Accept"
    download = client.get(f"/documents/110390/citation.{CITATION_TYPES[media_type]}")
    assert re.sub(r"\d{4}/\d\d/\d\d/|\d{4}-\d\d-\d\d", "", _body(response)) == re.sub(
        r"\d{4}/\d\d/\d\d/|\d{4}-\d\d-\d\d", "", _body(download))


def test_html_stays_the_default_and_json_the_twin(client, full_record):
    for accept in ("", "*/*", "text/html,application/xhtml+xml,*/*;q=0.8", "text/html, application/x-bibtex"):
        response = client.get("/documents/110390", HTTP_ACCEPT=accept)
        assert response["Content-Type"].startswith("text/html"), accept
        assert response["Vary"] == "Accept"
    assert client.get("/documents/110390", HTTP_ACCEPT="application/json").json()["record_id"] == "110390"
    twin = client.get("/documents/110390.json", HTTP_ACCEPT="application/x-bibtex")
    assert twin.json()["record_id"] == "110390"


def test_no_citation_of_a_draft_or_restricted_document(client, add_document):
    add_document("draft", status="draft")
    add_document("restricted", status="restricted")
    for record_id in ("draft", "restricted"):
        for media_type, extension in CITATION_TYPES.items():
            assert client.get(f"/documents/{record_id}/citation.{extension}").status_code == 404
            assert client.get(f"/documents/{record_id}", HTTP_ACCEPT=media_type).status_code == 404
    add_document("open")
    assert client.get("/documents/open/citation.pdf").status_code == 404


def _search_twins(add_document) -> None:
    add_document("treaty-1", title="Treaty of friendship", date="1950-02-14")
    add_document("treaty-2", title="Treaty of alliance", date="1950-02-10")
    add_document("treaty-draft", title="Treaty draft", status="draft")
    add_document("treaty-restricted", title="Treaty restricted", status="restricted")
    add_document("other", title="Cable on trade")
    sync()


def test_a_searchs_citations_hold_its_published_documents_in_its_order(client, add_document):
    _search_twins(add_document)
    response = client.get("/search/citations.ris?q=treaty&sort=date")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="search.ris"'
    assert [entry["id"] for entry in rispy.loads(_body(response))] == ["treaty-2", "treaty-1"]
    bibtex = bibtexparser.parse_string(_body(client.get("/search/citations.bib?q=treaty&sort=-date")))
    assert [entry.key for entry in bibtex.entries] == ["treaty-1", "treaty-2"]
    items = json.loads(_body(client.get("/search/citations.json?q=treaty&from=1950-02-12")))
    assert [item["id"] for item in items] == ["treaty-1"]
    assert client.get("/search/citations.txt?q=treaty").status_code == 404


def test_the_search_page_links_its_downloads_with_its_query_and_filters(client, add_document):
    _search_twins(add_document)
    page = client.get("/search?q=treaty&from=1950&sort=date&page=1").content.decode()
    links = re.findall(r'<p class="citation-downloads">.*?</p>', page, re.S)[0]
    urls = re.findall(r'href="([^"]+)"', links)
    assert urls == [f"/search/citations.{extension}?q=treaty&amp;from=1950&amp;sort=date"
                    for extension in ("ris", "bib", "json")]
    assert "Cite these documents" in links
    twin = client.get("/search.json?q=treaty&from=1950&sort=date&page=1").json()
    assert [d["url"] for d in twin["citation_downloads"]] == [url.replace("&amp;", "&") for url in urls]
    assert twin["total"] == 2


def test_a_searchs_citations_stop_at_the_limit(client, add_document, monkeypatch):
    for number in range(5):
        add_document(f"memo-{number}", title=f"Memorandum {number}", date=f"1950-01-0{number + 1}")
    sync()
    monkeypatch.setattr(citations, "MAX_SEARCH_CITATIONS", 3)
    monkeypatch.setattr(citations, "BATCH", 2)  # pages of the search: the limit falls inside the second
    items = json.loads(_body(client.get("/search/citations.json?q=memorandum&sort=date")))
    assert [item["id"] for item in items] == ["memo-0", "memo-1", "memo-2"]


def test_every_citation_follows_each_thing_it_is_written_from(client, full_record, settings):
    """Citations are kept once rendered: a change to the title, the date, the author's authority record or
    the site's name gives new ones in every style, not the kept ones."""
    from archivist.records.models import Authority, Document, Link

    def citations() -> dict[str, str]:
        return {style: client.get(f"/documents/{full_record}.json?style={style}").json()["citation"]["text"]
                for style in ("archive", "chicago", "mla", "apa")}

    def changed(before: dict[str, str], styles: set[str], shows: str) -> dict[str, str]:
        after = citations()
        assert {style for style in after if after[style] != before[style]} == styles
        assert all(shows in after[style] for style in styles), after
        return after

    every, citeproc = {"archive", "chicago", "mla", "apa"}, {"chicago", "mla", "apa"}
    shown = changed(citations(), set(), "")
    Document.objects.filter(record_id=full_record).update(title="A Retitled Cable")
    shown = changed(shown, every, "Retitled Cable")
    Document.objects.filter(record_id=full_record).update(date="1961-07-04", date_display="July 4, 1961")
    shown = changed(shown, every, "1961")
    author = Link.objects.get(document__record_id=full_record, role=Link.Role.AUTHOR).authority
    Authority.objects.filter(pk=author.pk).update(sort_name="Renamed, Chairman",
                                                  display_name="Chairman Renamed")
    shown = changed(shown, citeproc, "Renamed")
    Document.objects.filter(record_id=full_record).update(publisher="")  # published by this archive
    shown = citations()
    settings.SITE_NAME = "The Renamed Archive"
    changed(shown, every, "The Renamed Archive")
