"""What a person's, organization's or place's page tells search engines (schema.org JSON-LD with its
identifiers elsewhere as sameAs), and the sitemap of the authority records the site names."""

import json
import re

import pytest

from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.web.counts import ensure_fresh

HOSTILE = "Zq </script><script>alert(1)</script> <!--<script>"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def load(tmp_path, *records: dict) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    store_records(path, read_json_records(path))


def json_ld(client, url: str) -> list[dict]:
    page = client.get(url).content.decode()
    return [json.loads(script) for script in JSON_LD.findall(page)]


@pytest.fixture
def described(tmp_path, add_document):
    load(tmp_path,
         {"type": "person", "id": "zqperson", "name": "Zqperson, Anna", "display_name": HOSTILE,
          "dates": "1901-1980", "description": "Ambassador.",
          "identifiers": {"viaf": "12345678", "wikidata": "Q42", "lccn": "n79021164", "frus": "p_ZA1",
                          "frus_volume": "frus1961-63v06", "isni": "javascript:alert(1)"}},
         {"type": "place", "id": "zqtown", "name": "Zqtown", "coordinates": [39.9, 116.4],
          "identifiers": {"geonames": "1816670"}},
         {"type": "organization", "id": "zqbureau", "name": "Zqbureau"},
         {"type": "person", "id": "zqunseen", "name": "Zqunseen, Bo"})
    add_document("named", associated_people_and_organizations=["Zqperson, Anna", "Zqbureau"],
                 associated_places=["Zqtown"], associated_topics=["Zqtopic"])
    add_document("draft", status="draft", associated_people_and_organizations=["Zqunseen, Bo"])
    ensure_fresh()


def test_a_person_with_identifiers_as_same_as_and_a_hostile_name_kept_inside_its_script(client, described):
    page = client.get("/people/zqperson").content.decode()
    assert "<script>alert(1)" not in page and "<!--<script>" not in page
    [person] = json_ld(client, "/people/zqperson")
    assert person["@type"] == "Person" and person["name"] == HOSTILE
    assert person["url"].endswith("/people/zqperson") and person["@id"] == person["url"]
    assert (person["birthDate"], person["deathDate"]) == ("1901", "1980")
    assert sorted(person["sameAs"]) == [  # in no order: PostgreSQL keeps a JSON object's keys sorted its way
        "https://history.state.gov/historicaldocuments/frus1961-63v06/persons#p_ZA1",
        "https://id.loc.gov/authorities/names/n79021164.html",
        "https://viaf.org/viaf/12345678", "https://www.wikidata.org/wiki/Q42"]


def test_a_place_with_its_coordinates_and_an_organization(client, described):
    [place] = json_ld(client, "/places/zqtown")
    assert place["@type"] == "Place" and place["sameAs"] == ["https://www.geonames.org/1816670"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 39.9, "longitude": 116.4}
    [organization] = json_ld(client, "/organizations/zqbureau")
    assert (organization["@type"], organization["name"]) == ("Organization", "Zqbureau")
    assert "sameAs" not in organization and "geo" not in organization
    assert json_ld(client, "/topics/zqtopic") == []


def test_the_sitemap_lists_the_pages_of_the_records_the_site_names(client, described, settings):
    index = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{settings.BASE_URL}/sitemaps/records-1.xml</loc>" in index
    sitemap = client.get("/sitemaps/records-1.xml").content.decode()
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert {url.removeprefix(settings.BASE_URL) for url in listed} >= {
        "/people/zqperson", "/places/zqtown", "/organizations/zqbureau", "/topics/zqtopic"}
    assert not any("zqunseen" in url for url in listed)
    for url in listed:
        assert client.get(url.removeprefix(settings.BASE_URL)).status_code == 200, url
    assert client.get("/people/zqunseen").status_code == 404
    assert client.get("/sitemaps/records-2.xml").status_code == 404
