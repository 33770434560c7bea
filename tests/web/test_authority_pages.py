"""A person's (or an organization's) page: life dates, identification, identifiers elsewhere as links,
and the documents apart by the person's part in them: wrote, received, mentioned in."""

import json

import pytest

from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.web.counts import ensure_fresh

ZHOU = "Zhou, Enlai"


@pytest.fixture
def zhou_documents(full_record, add_document):
    """110390 names Zhou (associated); he wrote two, received one, and is named in a draft."""
    add_document("wrote-1", date="1950-03-01", authors=[ZHOU])
    add_document("wrote-2", date="1950-02-01", authors=[ZHOU], associated_people_and_organizations=[ZHOU])
    add_document("received", date="1950-04-01", recipients=[ZHOU], authors=["Mao, Zedong"])
    add_document("draft", status="draft", authors=[ZHOU])


def test_documents_apart_by_the_persons_part_in_them(client, zhou_documents):
    data = client.get("/people/zhou-enlai.json").json()
    parts = {s["part"]: [r["record_id"] for r in s["results"]] for s in data["sections"]}
    assert parts == {"wrote": ["wrote-2", "wrote-1"], "received": ["received"], "mentioned": ["110390"]}
    assert [s["title"] for s in data["sections"]] == ["Wrote", "Received", "Mentioned in"]
    assert data["documents"] == 4
    page = client.get("/people/zhou-enlai").content.decode()
    assert '<h2 id="documents-wrote">Wrote <span class="count">(2 documents)</span></h2>' in page
    assert '<h2 id="documents-received">Received <span class="count">(1 document)</span></h2>' in page
    assert '<h2 id="documents-mentioned">Mentioned in <span class="count">(1 document)</span></h2>' in page
    assert "/documents/draft" not in page
    mao = client.get("/people/mao-zedong.json").json()
    assert {s["part"]: [r["record_id"] for r in s["results"]] for s in mao["sections"]} == {
        "wrote": ["110390", "received"]}


def test_one_part_alone_with_its_paging(client, zhou_documents):
    wrote = client.get("/people/zhou-enlai.json?part=wrote").json()
    assert (wrote["part"], wrote["total"], wrote["pages"]) == ("wrote", 2, 1)
    assert [r["record_id"] for r in wrote["results"]] == ["wrote-2", "wrote-1"]
    assert [s["part"] for s in wrote["sections"]] == ["wrote"]
    page = client.get("/people/zhou-enlai?part=wrote").content.decode()
    assert "/documents/received" not in page and "All of Zhou Enlai’s documents" in page
    assert client.get("/people/zhou-enlai?part=nonsense").status_code == 404
    assert client.get("/places/china?part=wrote").status_code == 404


def test_an_organization_that_sent_and_received(client, add_document):
    add_document("cable", authors=["Department of State"], recipients=["Embassy in Moscow"])
    data = client.get("/organizations/department-of-state.json").json()
    assert [(s["part"], s["total"]) for s in data["sections"]] == [("wrote", 1)]


def test_places_topics_and_subjects_keep_one_list(client, full_record):
    data = client.get("/places/china.json").json()
    assert [r["record_id"] for r in data["results"]] == ["110390"] and data["total"] == 1
    assert [s["title"] for s in data["sections"]] == ["Documents"]


def test_life_dates_identification_and_identifiers_as_links(client, full_record, add_document, tmp_path):
    record = {"type": "person", "id": "zqperson", "name": "Zqperson, Anna", "display_name": "Anna Zqperson",
              "dates": "1901-1980", "description": "Ambassador to <Nowhere> & elsewhere.",
              "identifiers": {"viaf": "12345678", "wikidata": "Q42", "lccn": "n79021164",
                              "frus": "p_ZA1", "frus_volume": "frus1961-63v06",
                              "isni": "javascript:alert(1)", "local": '"><script>x</script>'}}
    path = tmp_path / "person.jsonl"
    path.write_text(json.dumps(record) + "\n")
    store_records(path, read_json_records(path))
    add_document("named", associated_people_and_organizations=["Zqperson, Anna"])
    ensure_fresh()
    data = client.get("/people/zqperson.json").json()
    assert data["dates"] == "1901-1980" and data["description"] == "Ambassador to <Nowhere> & elsewhere."
    links = {i["scheme"]: (i["value"], i["url"]) for i in data["identifiers"]}
    assert links["viaf"] == ("12345678", "https://viaf.org/viaf/12345678")
    assert links["wikidata"] == ("Q42", "https://www.wikidata.org/wiki/Q42")
    assert links["lccn"] == ("n79021164", "https://id.loc.gov/authorities/names/n79021164.html")
    assert links["frus"] == ("frus1961-63v06 p_ZA1",
                             "https://history.state.gov/historicaldocuments/frus1961-63v06/persons#p_ZA1")
    assert links["isni"] == ("javascript:alert(1)", "")  # not an ISNI: shown, never linked
    assert links["local"][1] == ""
    page = client.get("/people/zqperson").content.decode()
    assert "<dt>Life dates</dt><dd>1901-1980</dd>" in page
    assert "Ambassador to &lt;Nowhere&gt; &amp; elsewhere." in page
    assert '<a href="https://viaf.org/viaf/12345678" rel="noopener noreferrer">12345678</a>' in page
    assert "<script>x" not in page and 'href="javascript' not in page


def test_identifiers_of_the_records_merged_into_it_are_shown_once_each(client, db, add_document):
    from archivist.web.identifiers import external_identifiers

    shown = external_identifiers({"frus": "p_RD3", "frus_volume": "frus1961-63v06", "merged": [
        {"key": "frus1964-68v29p2-p_RD3", "frus": "p_RD3", "frus_volume": "frus1964-68v29p2"},
        {"key": "other", "viaf": "99"}, {"key": "again", "viaf": "99"}, "not a record"]})
    assert [(i["label"], i["value"]) for i in shown] == [
        ("FRUS", "frus1961-63v06 p_RD3"), ("FRUS", "frus1964-68v29p2 p_RD3"), ("VIAF", "99")]


def test_a_person_page_runs_a_fixed_number_of_queries_however_many_documents_in_each_part(
        client, full_record, add_document, django_assert_max_num_queries):
    for n in range(6):
        add_document(f"w{n}", authors=[ZHOU])
        add_document(f"r{n}", recipients=[ZHOU])
        add_document(f"m{n}", associated_people_and_organizations=[ZHOU])
    for url in ("/people/zhou-enlai", "/people/zhou-enlai.json", "/people/zhou-enlai?part=received"):
        # 3 of them: one page of each part; 2: the names in the person's own network and what the index
        # may not show yet (archivist.pictures.network.for_person)
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url
    sections = client.get("/people/zhou-enlai.json").json()["sections"]
    assert [(s["part"], s["total"]) for s in sections] == [("wrote", 6), ("received", 6), ("mentioned", 7)]
