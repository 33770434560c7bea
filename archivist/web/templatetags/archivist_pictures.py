"""Template tags of the pictures of a search (timeline, map, network): links between a search and its
pictures keeping the search's query string, period labels, and the network's table of connections."""

from __future__ import annotations

import calendar
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from django import template
from django.http import QueryDict

register = template.Library()

PICTURES = (("search", "Results"), ("timeline", "Timeline"), ("map", "Map"), ("network", "Network"))
# Parameters that belong to one page only: the results' page and order, the timeline's unit, the
# network's size. The search itself (words, facets, dates) goes along.
ONE_PAGE_ONLY = frozenset({"page", "sort", "unit", "limit"})


def _pairs(query: QueryDict | str) -> list[tuple[str, str]]:
    """The parameters of a query: a QueryDict (request.GET) or a URL such as "/search?people=person%2Fx"."""
    if isinstance(query, QueryDict):
        return [(key, value) for key, values in query.lists() for value in values]
    return parse_qsl(str(query).partition("?")[2], keep_blank_values=False)


@register.simple_tag
def picture_url(picture: str, query: QueryDict | str) -> str:
    """/search, /timeline, /map or /network for the search in `query`, less what belongs to one page."""
    kept = [(key, value) for key, value in _pairs(query) if key not in ONE_PAGE_ONLY and value]
    return f"/{picture}" + (f"?{urlencode(kept)}" if kept else "")


@register.inclusion_tag("archivist/pictures/_tabs.html")
def picture_tabs(query: QueryDict | str, current: str) -> dict:
    """The search's results and its three pictures as tabs, each keeping the search."""
    return {"tabs": [{"name": name, "label": label, "url": picture_url(name, query),
                      "current": name == current} for name, label in PICTURES]}


@register.filter
def period_label(period: str, unit: str = "") -> str:
    """"1960" of decades as "1960s", "1962-10" as "October 1962", "1962-10-27" as "27 October 1962"."""
    parts = str(period).split("-")
    if unit == "decade":
        return f"{parts[0]}s"
    if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    if len(parts) == 3 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
    return str(period)


FINER = {"decade": "years", "year": "months", "month": "days"}


@register.filter
def finer_unit(unit: str) -> str:
    """What a period of this unit is zoomed into: "years" for a decade; "" for a day."""
    return FINER.get(unit, "")


@register.filter
def connections(network: dict) -> list[dict]:
    """Each person of the network with the people linked to them, most documents first: who appears with
    them, whom they wrote to and who wrote to them, each with the number of documents."""
    people = {person["key"]: person for person in network.get("people", [])}
    linked: dict[str, list[dict]] = defaultdict(list)
    for edge in network.get("edges", []):
        source, target = people.get(edge["source"]), people.get(edge["target"])
        if source is None or target is None:
            continue
        if edge["kind"] == "wrote_to":
            linked[source["key"]].append({"person": target, "how": "wrote to",
                                          "documents": edge["documents"]})
            linked[target["key"]].append({"person": source, "how": "wrote to them",
                                          "documents": edge["documents"]})
        else:
            for one, other in ((source, target), (target, source)):
                linked[one["key"]].append({"person": other, "how": "with", "documents": edge["documents"]})
    return [{"person": person,
             "links": sorted(linked[key], key=lambda link: (-link["documents"], link["person"]["name"]))}
            for key, person in people.items()]


@register.filter
def connections_of(network: dict, key: str) -> list[dict]:
    """The people linked to the person `key` in the network: with them, written to, writing to them."""
    return next((row["links"] for row in connections(network) if row["person"]["key"] == key), [])
