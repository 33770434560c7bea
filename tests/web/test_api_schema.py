"""The JSON twins described: every twin's route has a JSON Schema (draft 2020-12), served at
/api/schema/NAME.json, and real answers of every twin validate against the schema served (jsonschema)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from archivist.outbox import catch_up
from archivist.web.api import TWIN_SCHEMAS, schema_names, schema_url

# Real answers of every twin: lists, letters, parts, pages of records of every kind, searches with
# and without filters and results, dates.
SAMPLES = [
    "/.json", "/documents/110390.json", "/documents/110390.json?style=apa", "/documents/zqcable.json",
    "/people.json", "/people.json?letter=M", "/organizations.json", "/places.json", "/topics.json",
    "/subjects.json", "/catalog.json",
    "/people/mao-zedong.json", "/people/zhou-enlai.json?part=wrote", "/people/zqenvoy.json",
    "/organizations/department-of-state.json", "/places/china.json", "/places/zqport.json",
    "/topics/sino-soviet-relations.json", "/subjects/china.json", "/subjects/china-foreign-relations.json",
    "/catalog/chinese-communist-party-central-archives-cca.json",
    "/search.json?q=mao", "/search.json?q=cable&people=person/mao-zedong&sort=-date&from=1950",
    "/search.json?q=zqnothingatall", "/search.json?q=-moscow",
    "/dates.json", "/dates/1950.json", "/dates/1950/01.json", "/about.json",
    "/timeline.json", "/timeline.json?q=cable&from=1950-01&to=1950-02", "/timeline.json?q=-moscow",
    "/map.json", "/map.json?people=person/mao-zedong", "/network.json", "/network.json?q=zqnothingatall",
]


def twin_routes(patterns=None) -> set[str]:
    """The names of every route of the site that answers a JSON twin (named <page>-json)."""
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            found |= twin_routes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-json"):
            found.add(pattern.name)
    return found


def served_schemas(client) -> Registry:
    index = client.get("/api/schema/").json()
    assert sorted(entry["name"] for entry in index["schemas"]) == list(schema_names())
    resources = []
    for entry in index["schemas"]:
        response = client.get(urlsplit(entry["url"]).path)
        assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
        schema = response.json()
        assert schema["$id"] == entry["url"]
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@pytest.fixture
def demo_like(full_record, add_document, tmp_path):
    """The reference record with the demo's authority records, and documents that fill every part."""
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import store_records

    path = tmp_path / "records.jsonl"
    records = [{"type": "person", "id": "zqenvoy", "name": "Zqenvoy, Ann", "dates": "1901-1980",
                "identifiers": {"viaf": "12345678", "local": "x1"}},
               {"type": "place", "id": "zqport", "name": "Zqport", "coordinates": [31.2, 121.5]}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    store_records(path, read_json_records(path))
    add_document("zqcable", date="1950-01-20", authors=["Zhou, Enlai", "Department of State"],
                 recipients=["Zqenvoy, Ann"], associated_places=["Zqport"], summary="A cable.",
                 notes=[{"kind": "footnote", "marker": "1", "body": "A footnote."}])
    catch_up()


def test_every_twin_has_a_schema(client):
    routes = twin_routes()
    assert {"document-json", "search-json", "person-json", "people-json", "dates-json"} <= routes
    assert routes - set(TWIN_SCHEMAS) == set(), "a JSON twin without a schema: add it to archivist.web.api"
    assert set(TWIN_SCHEMAS.values()) <= set(schema_names())


def test_real_answers_of_every_twin_validate(client, demo_like):
    registry = served_schemas(client)
    covered, failures = set(), []
    for url in SAMPLES:
        try:
            route = resolve(url.partition("?")[0]).url_name
        except Resolver404:  # a page another part of the site has not added yet
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        schema = registry.contents(schema_url(TWIN_SCHEMAS[route]))
        validator = Draft202012Validator(schema, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        failures += [f"{url}: {error.json_path}: {error.message}"
                     for error in validator.iter_errors(response.json())]
        covered.add(route)
    assert failures == [], "\n".join(failures)
    assert twin_routes() - covered == set(), "a twin with no sample answer here"


def test_a_schema_that_catches_a_wrong_answer(client, full_record):
    registry = served_schemas(client)
    schema = registry.contents(schema_url("document"))
    validator = Draft202012Validator(schema, registry=registry)
    answer = client.get("/documents/110390.json").json()
    assert validator.is_valid(answer)
    assert not validator.is_valid({**answer, "authors": [{"name": "No address"}]})
    assert not validator.is_valid({key: value for key, value in answer.items() if key != "title"})


def test_unknown_schemas_are_404(client, db):
    for url in ("/api/schema/nope.json", "/api/schema/..%2Fsettings.json", "/api/schema/common"):
        assert client.get(url).status_code == 404, url
