"""The links between a search and its pictures keep the search (words, filters, dates) and leave out what
belongs to one page; period labels; the network's table of connections (archivist_pictures tags)."""

from __future__ import annotations

from django.http import QueryDict

from archivist.web.templatetags.archivist_pictures import (
    connections,
    connections_of,
    period_label,
    picture_url,
)


def test_a_picture_keeps_the_search_and_drops_the_page_order_unit_and_size():
    query = QueryDict("q=Mao&people=person%2Fmao-zedong&from=1950&page=3&sort=date&unit=month&limit=5&to=")
    assert picture_url("timeline", query) == "/timeline?q=Mao&people=person%2Fmao-zedong&from=1950"
    assert picture_url("search", "/search?places=place%2Fmoscow&places=place%2Fbeijing") == \
        "/search?places=place%2Fmoscow&places=place%2Fbeijing"
    assert picture_url("map", QueryDict("")) == "/map"


def test_periods_are_named_as_a_reader_says_them():
    assert period_label("1960", "decade") == "1960s"
    assert period_label("1962", "year") == "1962"
    assert period_label("1962-10", "month") == "October 1962"
    assert period_label("1962-10-07", "day") == "7 October 1962"
    assert period_label("1962-13", "month") == "1962-13"  # not a month: as given


def test_each_person_with_whom_they_appear_and_wrote_to_most_documents_first():
    network = {"people": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}, {"key": "c", "name": "C"}],
               "edges": [{"source": "a", "target": "b", "kind": "together", "documents": 2},
                         {"source": "a", "target": "c", "kind": "wrote_to", "documents": 5},
                         {"source": "a", "target": "gone", "kind": "together", "documents": 9}]}
    rows = {row["person"]["key"]: [(link["how"], link["person"]["key"], link["documents"])
                                   for link in row["links"]] for row in connections(network)}
    assert rows == {"a": [("wrote to", "c", 5), ("with", "b", 2)], "b": [("with", "a", 2)],
                    "c": [("wrote to them", "a", 5)]}
    assert [link["person"]["key"] for link in connections_of(network, "c")] == ["a"]
    assert connections_of(network, "nobody") == []
