"""The same search through /search, /search.json and `archivist search`."""

import json

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli


@pytest.fixture
def archive(put):
    put({"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai", "display_name": "Zhou Enlai",
         "variants": ["Chou En-lai"]},
        {"record_id": "a", "title": "Cable on the treaty", "date": "1950-01-02",
         "text": "Talks on the treaty <b>in</b> Moscow.", "text_language": "English",
         "associated_people_and_organizations": ["Zhou, Enlai"], "associated_places": ["Moscow"]},
        {"record_id": "b", "title": "Minutes of the treaty talks", "date": "1952",
         "text": "The treaty talks went on.", "text_language": "English", "associated_places": ["Beijing"]})


def test_search_json_returns_results_facets_and_the_parsed_query(archive, client):
    data = client.get("/search.json", {"q": 'treaty "Chou En-lai"', "sort": "date"}).json()
    assert data["total"] == 1 and data["results"][0]["record_id"] == "a"
    assert data["query"]["normalized"] == 'treaty "Chou En-lai" OR "Zhou Enlai"'  # its record's names
    people = next(f for f in data["facets"] if f["name"] == "people")
    assert people["values"] == [{"value": "person/zhou-enlai", "label": "Zhou Enlai", "count": 1,
                                 "selected": False}]


def test_search_json_narrows_by_facet_and_dates(archive, client):
    assert client.get("/search.json", {"q": "treaty", "places": "place/beijing"}).json()["total"] == 1
    data = client.get("/search.json", {"q": "treaty", "from": "1951", "to": "1953"}).json()
    assert [r["record_id"] for r in data["results"]] == ["b"]


def test_search_page_links_narrow_and_keep_the_state(archive, client):
    response = client.get("/search", {"q": "treaty", "sort": "-date"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 documents" in page
    assert 'href="/search?q=treaty&amp;sort=-date&amp;places=place%2Fbeijing"' in page
    assert "Talks on the <mark>treaty</mark> &lt;b&gt;in&lt;/b&gt; Moscow." in page
    assert response["Link"].startswith("</search.json?q=treaty&sort=-date>")


def test_search_page_reads_malformed_syntax_as_words(archive, client):
    response = client.get("/search", {"q": 'treaty "moscow'})
    assert response.status_code == 200
    assert "unmatched quotation mark" in response.content.decode()


def test_cli_search_json(archive):
    result = CliRunner().invoke(cli, ["search", "--json", "--", "treaty", "-Moscow"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["record_id"] for r in data["results"]] == ["b"]


def test_cli_search_text_and_reindex(archive):
    runner = CliRunner()
    result = runner.invoke(cli, ["reindex"], catch_exceptions=False)
    assert "2 published documents indexed" in result.output
    result = runner.invoke(cli, ["search", "Chou", "--facet", "places=place/moscow"], catch_exceptions=False)
    assert "1 document (page 1 of 1)" in result.output
    assert "a  January 2, 1950  Cable on the treaty" in result.output


def test_searches_leave_out_pending_unpublished_documents_and_never_write_the_index(archive, client):
    from archivist.outbox import catch_up
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_document, set_status
    from archivist.search.indexer import position

    save_document(read_document({"record_id": "c", "title": "Late treaty draft"}))  # no sync
    set_status("a", "draft")
    before = position()
    data = client.get("/search.json", {"q": "treaty"}).json()
    assert [r["record_id"] for r in data["results"]] == ["b"]  # "a" at once; "c" once indexed
    assert data["total"] == 1 and position() == before
    catch_up()
    data = client.get("/search.json", {"q": "treaty"}).json()
    assert sorted(r["record_id"] for r in data["results"]) == ["b", "c"]
