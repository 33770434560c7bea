"""The JSON twins described: a JSON Schema (draft 2020-12) of each kind of twin at
/api/schema/NAME.json, and the list of them at /api/schema/ (docs/api.md).

The schemas are files in data/schemas; parts several twins share are in common.json, which the others
refer to by relative address. Each is served with its own address as its $id.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse

SCHEMAS = Path(__file__).parent / "data" / "schemas"
SCHEMA_MEDIA_TYPE = "application/schema+json"
# Each twin's route (archivist.web.urls: a page's route name with -json) and the schema of its answers.
TWIN_SCHEMAS = {
    "home-json": "home",
    "document-json": "document",
    "people-json": "names", "organizations-json": "names", "places-json": "names",
    "topics-json": "topics",
    "subjects-json": "tree", "catalog-json": "tree",
    "person-json": "authority", "organization-json": "authority", "place-json": "authority",
    "topic-json": "authority", "subject-json": "authority", "catalog-record-json": "authority",
    "search-json": "search",
    "dates-json": "decades", "year-json": "year", "month-json": "month",
    "about-json": "about",
    "timeline-json": "timeline", "map-json": "map", "network-json": "network",
}


@cache
def schema_names() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in SCHEMAS.glob("*.json")))


@cache
def _stored(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def schema_url(name: str) -> str:
    return f"{settings.BASE_URL}/api/schema/{name}.json"


def load_schema(name: str) -> dict:
    """The schema as served: its $id first, its own address."""
    return {"$id": schema_url(name), **_stored(name)}


def schema_index(request: HttpRequest) -> JsonResponse:
    """/api/schema/: each schema's address and the twins it describes."""
    twins: dict[str, list[str]] = {}
    for route, name in TWIN_SCHEMAS.items():
        twins.setdefault(name, []).append(route.removesuffix("-json"))
    return JsonResponse({"schemas": [{"name": name, "title": _stored(name).get("title", ""),
                                      "url": schema_url(name), "pages": twins.get(name, [])}
                                     for name in schema_names()]},
                        json_dumps_params={"ensure_ascii": False, "indent": 2})


def schema(request: HttpRequest, name: str) -> JsonResponse:
    """/api/schema/NAME.json"""
    if name not in schema_names():
        raise Http404("No such schema")
    response = JsonResponse(load_schema(name), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = SCHEMA_MEDIA_TYPE
    return response
