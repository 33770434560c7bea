"""'Did you mean': a search that finds nothing offers public names close to its misspelt words."""

import json

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli


@pytest.fixture
def archive(put):
    from archivist.web.counts import ensure_fresh

    put({"type": "person", "id": "khrushchev", "name": "Khrushchev, Nikita S.",
         "display_name": "Nikita Khrushchev", "variants": ["Khrushchov"]},
        {"type": "person", "id": "kennedy", "name": "Kennedy, John F.", "display_name": "John F. Kennedy"},
        {"type": "person", "id": "kroshkin", "name": "Kroshkin, Secret", "display_name": "Secret Kroshkin"},
        {"record_id": "a", "title": "Talks in Vienna", "date": "1961-06-03", "text": "The talks began.",
         "text_language": "English", "associated_people_and_organizations": ["Khrushchev, Nikita S."]},
        {"record_id": "b", "title": "Letter on Berlin", "date": "1961-08-01", "text": "On Berlin.",
         "text_language": "English",
         "associated_people_and_organizations": ["Khrushchev, Nikita S.", "Kennedy, John F."]},
        {"record_id": "c", "title": "Draft memo", "status": "draft", "text": "Unfinished.",
         "text_language": "English", "associated_people_and_organizations": ["Kroshkin, Secret"]})
    ensure_fresh()


@pytest.mark.parametrize("q", ["Krushchev", "Khruschev", "person:krushchev", "Nikita Krushchev"])
def test_a_misspelt_name_is_offered_with_its_count(archive, client, q):
    data = client.get("/search.json", {"q": q}).json()
    assert data["total"] == 0
    assert data["did_you_mean"] == [{"name": "Nikita Khrushchev", "count": 2, "q": '"Nikita Khrushchev"'}]
    found = client.get("/search.json", {"q": data["did_you_mean"][0]["q"]}).json()
    assert sorted(r["record_id"] for r in found["results"]) == ["a", "b"]


def test_the_search_page_links_each_suggestion(archive, client):
    page = client.get("/search", {"q": "Kenedy"}).content.decode()
    assert ('Did you mean <a href="/search?q=%22John+F.+Kennedy%22">John F. Kennedy</a> '
            '<span class="count">(1 document)</span>?') in page


def test_the_cli_prints_the_suggestions(archive):
    result = CliRunner().invoke(cli, ["search", "Krushchev"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("did you mean: Nikita Khrushchev (2 documents): archivist search '\"Nikita Khrushchev\"'"
            in result.output)
    data = json.loads(CliRunner().invoke(cli, ["search", "--json", "Khruschev"]).output)
    assert [s["name"] for s in data["did_you_mean"]] == ["Nikita Khrushchev"]


def test_a_name_only_a_draft_carries_is_never_offered(archive, client):
    assert client.get("/search.json", {"q": "Kroshkyn"}).json()["did_you_mean"] == []
    assert "Kroshkin" not in client.get("/search", {"q": "Kroshkyn"}).content.decode()


def test_a_record_unpublished_since_the_browse_tables_were_counted_is_not_offered(archive, client):
    from archivist.records.services import set_status

    set_status("a", "draft")
    set_status("b", "draft")  # the browse tables are not brought up to date
    assert client.get("/search.json", {"q": "Krushchev"}).json()["did_you_mean"] == []


def test_a_search_with_results_or_a_right_spelling_offers_nothing(archive, client):
    data = client.get("/search.json", {"q": "talks"}).json()
    assert data["total"] == 1 and data["did_you_mean"] == []
    assert "Did you mean" not in client.get("/search", {"q": "talks"}).content.decode()
    # "Khrushchev" is spelt right: "Khrushchev zebra" finds nothing for want of zebras
    assert client.get("/search.json", {"q": "Khrushchev zebra"}).json()["did_you_mean"] == []


@pytest.mark.parametrize("q", ["Krushchev\x00", "\x00", "Krushchev " * 2000, "k" * 5000, '"""-*:', "é" * 300])
def test_hostile_queries_do_not_fail(archive, client, q):
    from archivist.search.service import search

    assert search(q).total == 0  # the service itself: the site refuses a NUL before it (400)
    for path in ("/search.json", "/search"):
        assert client.get(path, {"q": q}).status_code == (400 if "\x00" in q else 200)
