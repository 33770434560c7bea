"""The data of the three pictures (timeline, map, network) through HTTP, on a hand-built archive whose
counts are known: each picture counts the search's own documents, its narrowing addresses give the
searches they say, restricted and draft documents leave no trace, hostile parameters give a 400."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from django.db import transaction
from django.test import override_settings

from archivist.cli.main import cli
from archivist.enrich.models import TextDate
from archivist.records.models import Authority, Change, Document

AUTHORITIES = [
    {"type": "person", "id": "zqalpha", "name": "Zqalpha, Ann"},
    {"type": "person", "id": "zqbeta", "name": "Zqbeta, Bob"},
    {"type": "person", "id": "zqgamma", "name": "Zqgamma, Cy"},
    {"type": "person", "id": "zqhidden", "name": "Zqhidden, Dan"},  # only in a restricted document
    {"type": "place", "id": "zqport", "name": "Zqport", "coordinates": [31.2, 121.5]},
    {"type": "place", "id": "zqvale", "name": "Zqvale"},  # no coordinates
    {"type": "place", "id": "zqsecret", "name": "Zqsecret", "coordinates": [10.0, 10.0]},  # restricted only
]


def person(key, role):
    return {"type": "person", "id": key, "role": role}


def place(key):
    return {"type": "place", "id": key, "role": "associated"}


DOCUMENTS = [
    ("zq1", "1950-01-02", "Cable on trade",
     "Talks began. On 10 February 1950 the envoy left; on 12 February 1950 he came back.",
     [person("zqalpha", "author"), person("zqbeta", "recipient"), place("zqport")]),
    ("zq2", "1950-01-20", "Cable on credit", "Nothing else.",
     [person("zqalpha", "author"), person("zqbeta", "recipient"), person("zqgamma", "associated"),
      place("zqport"), place("zqvale")]),
    ("zq3", "1950-03-01", "Letter on borders", "A reply.",
     [person("zqbeta", "author"), person("zqalpha", "recipient"), place("zqvale")]),
    ("zq4", "1951-06-15", "Minutes of a meeting", "They will meet again on 1 July 1951.",
     [person("zqalpha", "associated"), person("zqgamma", "associated"), place("zqport")]),
    ("zq5", "1962-10-27", "Cable on the crisis", "Short.", [person("zqgamma", "author")]),
    ("zq6", "", "Undated note", "No date.", [person("zqalpha", "associated")]),
]
HIDDEN = [  # restricted and draft: their people, places and dates must not show anywhere
    ("zqr1", "1955-05-05", "Cable on secrets", "On 3 March 1952 it happened.",
     [person("zqhidden", "author"), person("zqalpha", "recipient"), place("zqsecret")], "restricted"),
    ("zqr2", "1963-01-01", "Cable drafted", "Draft.",
     [person("zqalpha", "author"), person("zqgamma", "recipient"), place("zqport")], "draft"),
]


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def own_archive_home():
    """The module shares one archive (see `archive`): no home of its own per test."""


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The hand-built records, loaded and enriched (dates in texts) once for the module with the
    commands, in a transaction rolled back at its end."""
    home = tmp_path_factory.mktemp("pictures")
    records = [*AUTHORITIES]
    for record_id, date, title, text, links, *status in DOCUMENTS + HIDDEN:
        records.append({"type": "document", "record_id": record_id, "title": title, "date": date,
                        "text": text, "text_language": "English", "links": links,
                        "status": status[0] if status else "published"})
    path = home / "records.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    with (pytest.MonkeyPatch.context() as patch, override_settings(MEDIA_ROOT=str(home / "files")),
          django_db_blocker.unblock(), transaction.atomic()):
        patch.setenv("ARCHIVIST_HOME", str(home / "home"))
        run("load", path)
        run("enrich")
        run("sync")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def site(archive, db, client):
    return client


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json() if status == 200 else response


def search_total(client, url):
    """The total of the search an address narrows to (its JSON twin)."""
    assert url.startswith("/search?"), url
    return get(client, url.replace("/search?", "/search.json?", 1))["total"]


def test_the_enriched_texts_hold_the_dates_the_timeline_counts(site):
    days = set(TextDate.objects.values_list("document__record_id", "earliest"))
    assert {(r, str(d)) for r, d in days} >= {("zq1", "1950-02-10"), ("zq1", "1950-02-12"),
                                             ("zq4", "1951-07-01"), ("zqr1", "1952-03-03")}


def test_timeline_of_every_document_by_year(site):
    timeline = get(site, "/timeline.json")
    assert (timeline["unit"], timeline["from"], timeline["to"]) == ("year", "1950-01-02", "1962-10-27")
    assert timeline["total"] == 6 and timeline["undated"] == 1
    periods = {p["period"]: p for p in timeline["periods"]}
    assert list(periods) == [str(year) for year in range(1950, 1963)]
    assert {year: p["documents"] for year, p in periods.items() if p["documents"]} == {
        "1950": 3, "1951": 1, "1962": 1}  # not 1955 nor 1963: restricted, draft
    assert {year: p["mentioned"] for year, p in periods.items() if p["mentioned"]} == {
        "1950": 2, "1951": 1}  # two days in zq1; the restricted document's 1952 is not mentioned
    for period in timeline["periods"]:
        assert search_total(site, period["search"]) == period["documents"], period
    assert periods["1950"]["start"] == "1950-01-01" and periods["1950"]["end"] == "1950-12-31"
    assert parse_qs(urlsplit(periods["1950"]["search"]).query) == {"from": ["1950"], "to": ["1950"]}
    assert timeline["out"] is None


def test_zooming_from_a_year_to_its_months_and_days(site):
    year = next(p for p in get(site, "/timeline.json")["periods"] if p["period"] == "1950")
    months = get(site, year["zoom"].replace("/timeline?", "/timeline.json?", 1))
    assert months["unit"] == "month" and [p["period"] for p in months["periods"]][:3] == [
        "1950-01", "1950-02", "1950-03"]
    assert [p["documents"] for p in months["periods"]] == [2, 0, 1] + [0] * 9
    assert [p["mentioned"] for p in months["periods"]][:3] == [0, 2, 0]  # 10 and 12 February, in zq1
    assert months["out"] and "/timeline?" in months["out"]
    days = get(site, months["periods"][0]["zoom"].replace("/timeline?", "/timeline.json?", 1))
    assert days["unit"] == "day" and len(days["periods"]) == 31
    assert {p["period"]: p["documents"] for p in days["periods"] if p["documents"]} == {
        "1950-01-02": 1, "1950-01-20": 1}
    assert all(p["zoom"] is None for p in days["periods"])
    assert search_total(site, days["periods"][19]["search"]) == 1


def test_timeline_of_a_search_counts_its_own_documents(site):
    timeline = get(site, "/timeline.json?q=cable&unit=decade")
    assert timeline["unit"] == "decade" and timeline["total"] == 3
    assert {p["period"]: p["documents"] for p in timeline["periods"]} == {"1950": 2, "1960": 1}
    decade = timeline["periods"][0]
    assert parse_qs(urlsplit(decade["search"]).query) == {"q": ["cable"], "from": ["1950"], "to": ["1959"]}
    assert search_total(site, decade["search"]) == 2
    narrowed = get(site, "/timeline.json?people=person/zqgamma")
    assert narrowed["total"] == 3 and sum(p["documents"] for p in narrowed["periods"]) == 3


def test_a_search_from_a_day_keeps_it_when_narrowed(site):
    timeline = get(site, "/timeline.json?from=1950-01-10&to=1951")
    assert (timeline["from"], timeline["to"]) == ("1950-01-10", "1951-12-31") and timeline["unit"] == "month"
    assert len(timeline["periods"]) == 24
    first = timeline["periods"][0]
    assert first["period"] == "1950-01" and first["documents"] == 1
    assert parse_qs(urlsplit(first["search"]).query) == {"from": ["1950-01-10"], "to": ["1950-01"]}
    assert search_total(site, first["search"]) == 1


def test_map_places_with_and_without_coordinates(site):
    picture = get(site, "/map.json")
    assert picture["total"] == 6
    assert [(p["key"], p["documents"], p["latitude"], p["longitude"]) for p in picture["places"]] == [
        ("zqport", 3, 31.2, 121.5)]  # not zqsecret: only in a restricted document
    assert [(p["key"], p["documents"]) for p in picture["without_coordinates"]] == [("zqvale", 2)]
    port = picture["places"][0]
    assert port["url"] == "/places/zqport" and get(site, port["url"] + ".json")
    assert parse_qs(urlsplit(port["search"]).query) == {"places": ["place/zqport"]}
    assert search_total(site, port["search"]) == 3
    narrowed = get(site, "/map.json?q=cable")
    assert [(p["key"], p["documents"]) for p in narrowed["places"] + narrowed["without_coordinates"]] == [
        ("zqport", 2), ("zqvale", 1)]
    assert search_total(site, narrowed["places"][0]["search"]) == 2


def test_network_people_and_edges(site):
    picture = get(site, "/network.json")
    assert [(p["key"], p["documents"]) for p in picture["people"]] == [
        ("zqalpha", 5), ("zqbeta", 3), ("zqgamma", 3)]  # no zqhidden
    edges = {(e["kind"], e["source"], e["target"]): e["documents"] for e in picture["edges"]}
    assert edges == {("together", "zqalpha", "zqbeta"): 3, ("together", "zqalpha", "zqgamma"): 2,
                     ("together", "zqbeta", "zqgamma"): 1,
                     ("wrote_to", "zqalpha", "zqbeta"): 2, ("wrote_to", "zqbeta", "zqalpha"): 1}
    alpha = picture["people"][0]
    assert alpha["url"] == "/people/zqalpha" and get(site, "/people/zqalpha.json")
    assert alpha["name"] == Authority.objects.get(kind="person", key="zqalpha").display_name
    assert search_total(site, alpha["search"]) == 5
    limited = get(site, "/network.json?limit=2")
    assert [p["key"] for p in limited["people"]] == ["zqalpha", "zqbeta"]
    assert {e["source"] for e in limited["edges"]} | {e["target"] for e in limited["edges"]} <= {
        "zqalpha", "zqbeta"}


def test_a_persons_own_network(site):
    from archivist.pictures.network import for_person

    own = for_person("zqgamma")
    assert own["total"] == 3 and {p["key"]: p["documents"] for p in own["people"]} == {
        "zqgamma": 3, "zqalpha": 2, "zqbeta": 1}
    narrowed = get(site, "/network.json?people=person/zqgamma&q=cable")
    assert narrowed["total"] == 2
    assert {(e["kind"], e["source"], e["target"]) for e in narrowed["edges"]} == {
        ("together", "zqgamma", "zqalpha"), ("together", "zqgamma", "zqbeta"),
        ("together", "zqalpha", "zqbeta"), ("wrote_to", "zqalpha", "zqbeta")}  # from the one with more


def test_restricted_and_draft_documents_leave_no_trace(site):
    for url in ("/timeline.json?q=secrets", "/map.json?q=secrets", "/network.json?q=secrets",
                "/network.json?people=person/zqhidden", "/map.json?places=place/zqsecret"):
        picture = get(site, url)
        assert picture["total"] == 0 and not picture.get("periods") and not picture.get("people")
    text = "".join(site.get(url).content.decode() for url in ("/timeline.json", "/map.json", "/network.json"))
    assert "zqhidden" not in text and "zqsecret" not in text  # and 1955 counts 0 (see the timeline test)


def test_the_pages_show_the_same_data_as_a_table(site):
    for name in ("timeline", "map", "network"):
        response = site.get(f"/{name}?q=cable")
        assert response.status_code == 200 and "<table" in response.content.decode()
        assert f'</{name}.json?q=cable>; rel="alternate"' in response["Link"]
    assert "Zqport" in site.get("/map").content.decode()
    for query in ("q=***", "q=zqnothingatall", "from=1950-01&to=1950-01&unit=day", "people=person/zqgamma"):
        for name in ("timeline", "map", "network"):
            assert site.get(f"/{name}?{query}").status_code == 200, (name, query)


@pytest.mark.parametrize("url", [
    "/timeline.json?unit=century", "/timeline.json?unit=" + "x" * 5000, "/network.json?limit=101",
    "/network.json?limit=-1", "/network.json?limit=1e9", "/map.json?limit=0", "/map.json?limit=abc",
    "/timeline?unit=week",
])
def test_parameters_a_picture_cannot_read_are_a_400(site, url):
    get(site, url, status=400)


@pytest.mark.parametrize("url", [
    "/timeline.json?from=notadate&to=1950-13-45", "/timeline.json?from=1962&to=1950",
    "/timeline.json?q=***", "/timeline.json?q=-moscow", "/map.json?q=%22unclosed",
    "/network.json?people=person/nobody&people_mode=sideways", "/timeline.json?from=0001&to=9999&unit=day",
    "/timeline.json?from=9999-12-31", "/timeline.json?unit=day", "/map.json?places=../../etc",
])
def test_hostile_searches_get_sane_answers(site, url):
    picture = get(site, url)
    assert picture["total"] >= 0
    if "periods" in picture:
        assert len(picture["periods"]) <= 1000


def test_too_fine_a_unit_is_coarsened_with_a_notice(site):
    timeline = get(site, "/timeline.json?unit=day")
    assert timeline["unit"] != "day" and any("coarser" in notice for notice in timeline["notices"])
    assert sum(p["documents"] for p in timeline["periods"]) == 5


def test_a_document_restricted_after_indexing_leaves_the_pictures_at_once(site):
    """Before the index has applied the change (no sync), as the search does."""
    Document.objects.filter(record_id="zq3").update(status=Document.Status.RESTRICTED)
    Change.objects.create(record_id="zq3", action=Change.Action.UPSERT)
    network = get(site, "/network.json")
    assert network["total"] == 5
    assert {(e["kind"], e["source"], e["target"]) for e in network["edges"] if e["kind"] == "wrote_to"} == {
        ("wrote_to", "zqalpha", "zqbeta")}
    places = get(site, "/map.json")["without_coordinates"]
    assert [(p["key"], p["documents"]) for p in places] == [("zqvale", 1)]
    year = next(p for p in get(site, "/timeline.json")["periods"] if p["period"] == "1950")
    assert year["documents"] == 2 and search_total(site, year["search"]) == 2
