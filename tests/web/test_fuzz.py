"""Bad input on the web: queries with nothing to search for, past the limits or with reversed dates get a
notice; pages past the last are 404; and no URL a client can type gives a 500, which hypothesis checks by
fuzzing the parameters of every public route.

The routes are read from archivist.web.urls, so a route added later is fuzzed too. Each request runs in
a savepoint, so a database error in one example cannot poison the examples after it (PostgreSQL
refuses every statement in a transaction after an error).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archivist.records.recordformat import read_authority, read_document
from archivist.records.services import save_authority, save_document
from archivist.search.facets import FACETS
from archivist.search.indexer import sync
from archivist.web.urls import urlpatterns

ROUTES = [str(pattern.pattern) for pattern in urlpatterns]
PARAMETER = re.compile(r"<(\w+):(\w+)>")
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HUGE = 10**20
odd_text = st.text(st.characters(codec="utf-8"), max_size=30)
numbers = st.one_of(st.integers(-5, 30), st.integers(-HUGE, HUGE), st.sampled_from([2**31, 2**63, 10**400]))
nasty = st.sampled_from(["..", ".", "../..", "%00", "\x00", " ", "", "AB", "ÄÖ", "ß", "ǅ", "ﬁ", "\u0130",
                         "🙂", "\u202e", "mao-zedong", "china", "1950", "1950-13", "9999-12", "0000",
                         "person/zhou-enlai", "-moscow", '""', "***", "title:", "year:notayear",
                         "a" * 3000, "x " * 400, "9" * 5000])
values = st.one_of(nasty, odd_text, numbers.map(str))
PARAMETER_NAMES = ["page", "letter", "q", "from", "to", "sort", "per_page", "format",
                   *(facet.name for facet in FACETS), *(f.mode_parameter for f in FACETS if f.default_mode)]
parameters = st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETER_NAMES), odd_text), values), max_size=6)
header_text = st.text(st.characters(max_codepoint=255, exclude_categories=["Cc"]), max_size=40)  # as WSGI
accepts = st.sampled_from(["application/json", "text/html", "*/*", "image/png", "", ";;;q=x",
                           "application/json;q=0.5, text/html", "text/html;q=0, application/json"])
headers = st.fixed_dictionaries({}, optional={
    "HTTP_ACCEPT": st.one_of(accepts, header_text),
    "HTTP_IF_MODIFIED_SINCE": st.one_of(st.just("Mon, 07 Dec 2126 00:00:00 GMT"), header_text),
    "HTTP_IF_NONE_MATCH": st.one_of(st.just("*"), header_text),
    "HTTP_ACCEPT_LANGUAGE": header_text,
})


raw_segments = st.sampled_from(["%ff", "%ED%A0%80", "%C0%AE%C0%AE", "%2e%2e", "%2F..%2F", "%00", "%25",
                                 "a%20b", "%E2%80%AE"])  # already percent-encoded, some of them invalid


def segment(converter: str) -> st.SearchStrategy[str]:
    """A value for one path parameter, percent-encoded: what its converter accepts, and what it may not."""
    if converter == "int":
        return st.one_of(numbers.map(abs).map(str), st.sampled_from(["0", "00", "1950", "09"]))
    return st.one_of(st.one_of(nasty, odd_text).map(lambda text: quote(text, safe="")), raw_segments)


@st.composite
def urls(draw) -> str:
    route = draw(st.sampled_from(ROUTES))
    path = PARAMETER.sub(lambda m: draw(segment(m[1])), route)
    query = urlencode(draw(parameters))
    return f"/{path}" + (f"?{query}" if query else "")


@pytest.fixture
def archive(db):
    """A few published documents and a draft, linked to people, places, topics and subjects, indexed."""
    save_authority(read_authority({"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai",
                                   "display_name": "Zhou Enlai", "variants": ["Chou En-lai", "周恩来"]}))
    documents = [
        {"record_id": "a", "title": "Cable on the treaty", "date": "1950-01-02", "text": "Moscow talks.",
         "associated_people_and_organizations": ["Zhou, Enlai"], "associated_places": ["Moscow"],
         "associated_topics": ["Alliance"], "subjects_discussed": ["Treaties--China"]},
        {"record_id": "b", "title": "Запись беседы", "date": "1952-06", "text": "Переговоры в Москве.",
         "text_language": "Russian", "associated_places": ["Beijing"]},
        {"record_id": "c", "title": "Undated note", "text": "Port Arthur.", "original_archive": ["Archive"]},
        {"record_id": "d", "title": "Draft", "date": "1951", "status": "draft", "text": "Secret."},
    ]
    for record in documents:
        save_document(read_document({"text_language": "English", **record}))
    sync()


def request(client: Client, method: str, url: str, headers: dict[str, str]) -> int:
    with transaction.atomic():
        return getattr(client, method)(url, **headers).status_code


def test_every_route_is_fuzzed():
    assert len(ROUTES) >= 40 and any("<int:" in route for route in ROUTES)


@FUZZ
@given(url=urls(), method=st.sampled_from(["get", "head"]), headers=headers)
@example(url="/people?letter=AB", method="get", headers={})
@example(url="/people.json?letter=%00", method="get", headers={})
@example(url="/sitemaps/documents-99999999999999999999.xml", method="get", headers={})
@example(url="/dates/99999999999999999999", method="get", headers={})
@example(url="/dates/1950/99999999999999999999", method="get", headers={})
@example(url="/dates/99999/1", method="get", headers={})
@example(url="/search?page=99999999999999999999", method="get", headers={})
@example(url="/search.json?people=person%2F%00", method="get", headers={})
@example(url="/documents/%00", method="get", headers={})
@example(url="/documents/a/files/99999999999999999999", method="get", headers={})
@example(url="/people/%00.json", method="get", headers={})
def test_no_url_gives_a_server_error(archive, url, method, headers):
    status = request(Client(), method, url, headers)
    assert 200 <= status < 500, url


def search(client: Client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.json() if url.endswith(".json") else {"page": response.content.decode()}


@pytest.mark.parametrize("q", ["***", '""', "title:", "-moscow", "-moscow -talks"])
def test_a_query_with_nothing_to_search_for_finds_nothing_with_a_notice(archive, client, q):
    data = search(client, "/search.json", q=q)
    assert data["total"] == 0 and data["results"] == [] and data["facets"] == []
    assert data["notices"][-1].startswith(("Nothing to search for", f'"{q}" only excludes'))
    page = search(client, "/search", q=q)["page"]
    assert 'class="notice"' in page and "No documents found" in page


def test_an_empty_query_still_browses_every_document(archive, client):
    data = search(client, "/search.json", q="  ")
    assert data["total"] == 3 and data["notices"] == []


def test_exclusions_narrow_a_facet_choice(archive, client):
    data = search(client, "/search.json", q="-moscow", places="place/beijing")
    assert [r["record_id"] for r in data["results"]] == ["b"] and data["notices"] == []


def test_long_queries_reversed_dates_and_bad_years_have_notices_on_the_page_and_in_json(archive, client):
    params = {"q": "cable " * 100 + "year:notayear", "from": "1953", "to": "1950"}
    notices = search(client, "/search.json", **params)["notices"]
    assert [n.split(":")[0] for n in notices] == ["The query is longer than 500 characters",
                                                  "Only the first 32 terms are searched",
                                                  "From 1953 is after to 1950"]
    page = search(client, "/search", **params)["page"]
    assert "Only the first 32 terms are searched" in page and "read the other way round" in page
    year = search(client, "/search.json", q="cable year:notayear")
    assert year["total"] == 0 and '"year:notayear" is not a year' in year["notices"][0]


@pytest.mark.parametrize("url", ["/search?page=2", "/search.json?page=2", "/search?q=cable&page=7",
                                 "/search.json?page=0", "/search?page=x", "/search?page=99999999999999999999",
                                 "/people?page=2", "/dates/1950/01.json?page=2"])
def test_a_page_past_the_last_is_not_found(archive, client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/documents/%00", "/people/a%00b.json", "/search.json?people=person%2F%00",
                                 "/search?q=treaty%00", "/people?%00=1"])
def test_a_nul_character_in_the_address_is_a_bad_request(archive, client, url):
    assert client.get(url).status_code == 400
