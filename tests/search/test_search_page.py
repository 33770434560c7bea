"""Issue #17, part C: the search page's chosen filters, each removable, and "clear all"; several people
combined as all of them (the default) or any of them, with exact facet counts in either mode; a proper
"no documents found"; one way to sort; a jump to the filters; notices for dates read otherwise. Through
/search, /search.json and `archivist search`."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli

DOBRYNIN, GROMYKO, RUSK = "person/dobrynin-anatoly", "person/gromyko-andrei", "person/rusk-dean"


def _document(record_id: str, people: list[str], places: list[str], date: str) -> dict:
    return {"record_id": record_id, "title": f"Memorandum {record_id}", "date": date,
            "text": "Talks on Berlin.", "text_language": "English",
            "associated_people_and_organizations": people, "associated_places": places}


@pytest.fixture
def archive(put):
    put(_document("both", ["Dobrynin, Anatoly", "Gromyko, Andrei"], ["Moscow"], "1962-10-20"),
        _document("both-and-rusk", ["Dobrynin, Anatoly", "Gromyko, Andrei", "Rusk, Dean"], ["Washington"],
                  "1962-10-22"),
        _document("dobrynin", ["Dobrynin, Anatoly", "Rusk, Dean"], ["Washington"], "1963-01-05"),
        _document("gromyko", ["Gromyko, Andrei"], ["Moscow", "Washington"], "1963-02-01"),
        _document("neither", ["Rusk, Dean"], [], "1964-03-03"))


def search_json(client, **params) -> dict:
    response = client.get("/search.json", params)
    assert response.status_code == 200
    return response.json()


def found(data: dict) -> list[str]:
    return sorted(r["record_id"] for r in data["results"])


def facet(data: dict, name: str) -> dict:
    return next(f for f in data["facets"] if f["name"] == name)


def test_several_people_are_all_of_them_by_default_and_any_of_them_when_asked(archive, client):
    both = search_json(client, q="Berlin", people=[DOBRYNIN, GROMYKO])
    assert found(both) == ["both", "both-and-rusk"]
    assert both["modes"] == {"people": "all", "places": "any", "topics": "any"}
    assert facet(both, "people")["mode"] == "all" and facet(both, "subjects")["mode"] is None
    either = search_json(client, q="Berlin", people=[DOBRYNIN, GROMYKO], people_mode="any")
    assert found(either) == ["both", "both-and-rusk", "dobrynin", "gromyko"]
    assert either["modes"]["people"] == "any" and facet(either, "people")["mode"] == "any"
    unknown = search_json(client, q="Berlin", people=[DOBRYNIN, GROMYKO], people_mode="both")
    assert unknown["modes"]["people"] == "all" and found(unknown) == found(both)
    places = search_json(client, q="", places=["place/moscow", "place/washington"], places_mode="all")
    assert found(places) == ["gromyko"]


@pytest.mark.parametrize("mode", ["all", "any"])
@pytest.mark.parametrize("chosen", [[DOBRYNIN], [DOBRYNIN, GROMYKO]])
def test_facet_counts_say_what_choosing_a_value_would_give_in_either_mode(archive, client, mode, chosen):
    """All of them: each other value's count is what choosing it too leaves. Any of them: what it finds
    alone within the other choices, which choosing it adds. Each checked by running that search."""
    data = search_json(client, q="", people=chosen, people_mode=mode, year="1962")
    people = facet(data, "people")
    assert {v["value"] for v in people["values"] if v["selected"]} == set(chosen)
    for value in people["values"]:
        if mode == "all":
            with_it = sorted(set(chosen) | {value["value"]})
            expected = search_json(client, q="", people=with_it, people_mode="all", year="1962")["total"]
        else:
            expected = search_json(client, q="", people=[value["value"]], year="1962")["total"]
        assert value["count"] == expected, value
    for other in ("places", "year"):  # the other facets count the results as they are
        assert sum(v["count"] for v in facet(data, other)["values"]) >= data["total"]


def test_cli_facet_mode(archive):
    def ids(*args: str) -> list[str]:
        result = CliRunner().invoke(cli, ["search", "--json", *args, "--", "Berlin"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return sorted(r["record_id"] for r in json.loads(result.output)["results"])

    people = ["--facet", f"people={DOBRYNIN}", "--facet", f"people={GROMYKO}"]
    assert ids(*people) == ["both", "both-and-rusk"]
    assert ids(*people, "--facet-mode", "people=any") == ["both", "both-and-rusk", "dobrynin", "gromyko"]
    text = CliRunner().invoke(cli, ["search", *people, "--facet-mode", "people=any", "--", "Berlin"])
    assert f"people: documents with any of {DOBRYNIN}, {GROMYKO}" in text.output


def page(client, **params) -> str:
    response = client.get("/search", params)
    assert response.status_code == 200
    return response.content.decode()


def links(text: str, tag: str, css_class: str) -> dict[str, str]:
    """Link text -> href of the links inside the element of that tag and class (not nested in its like)."""
    block = re.search(rf'<{tag} class="{css_class}"[^>]*>(.*?)</{tag}>', text, re.S)
    assert block, css_class
    return {" ".join(re.sub(r"<[^>]+>", "", label).split()): html.unescape(href)
            for href, label in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', block[1], re.S)}


def state(url: str) -> list[tuple[str, str]]:
    return sorted(parse_qsl(urlsplit(url).query))


def test_chosen_filters_each_removable_and_clear_all(archive, client):
    text = page(client, q="Berlin", people=[DOBRYNIN, GROMYKO], places="place/moscow", **{"from": "1962"},
                sort="date")
    chosen = links(text, "nav", "chosen-filters")
    assert list(chosen) == ["From 1962 ×", "People: Anatoly Dobrynin ×", "People: Andrei Gromyko ×",
                            "Places: Moscow ×", "Clear all filters"]
    everything = [("from", "1962"), ("people", DOBRYNIN), ("people", GROMYKO), ("places", "place/moscow"),
                  ("q", "Berlin"), ("sort", "date")]
    for label, removed in [("From 1962 ×", ("from", "1962")),
                           ("People: Anatoly Dobrynin ×", ("people", DOBRYNIN)),
                           ("Places: Moscow ×", ("places", "place/moscow"))]:
        assert state(chosen[label]) == [pair for pair in everything if pair != removed], label
        assert client.get(chosen[label]).status_code == 200
    assert state(chosen["Clear all filters"]) == [("q", "Berlin"), ("sort", "date")]
    assert 'aria-label="Remove People: Andrei Gromyko"' in text
    cleared = page(client, q="Berlin", sort="date")
    assert 'class="chosen-filters"' not in cleared


def test_the_mode_links_of_a_facet_with_a_choice(archive, client):
    text = page(client, q="Berlin", people=[DOBRYNIN, GROMYKO])
    modes = links(text, "p", "facet-mode")
    assert list(modes) == ["any of them"]  # "all of them" is the mode in force, not a link
    assert ("people_mode", "any") in state(modes["any of them"])
    assert '<strong aria-current="true">all of them</strong>' in text
    kept = page(client, q="Berlin", people=[DOBRYNIN, GROMYKO], people_mode="any")
    assert '<input type="hidden" name="people_mode" value="any">' in kept  # a new search keeps it
    assert 'class="facet-mode"' not in page(client, q="Berlin")


def test_nothing_found_is_a_message_with_suggestions_not_a_list_item(archive, client):
    text = page(client, q="Berlin", people=[DOBRYNIN, GROMYKO], year="1964")
    assert '<h2 id="results-heading">No documents found</h2>' in text
    assert '<ol class="hits"' not in text and "Sort by" not in text
    suggestions = links(text, "div", "no-results")
    assert ("people_mode", "any") in state(suggestions["find documents with any of the chosen people"])
    assert state(suggestions["search without filters"]) == [("q", "Berlin")]
    plain = page(client, q="zzyzx")
    assert "No published document matches “zzyzx”" in plain
    assert "check the spelling" in plain and "search without filters" not in plain
    assert search_json(client, q="zzyzx")["total"] == 0


def test_sorting_is_offered_once_and_kept_by_a_new_search(archive, client):
    text = page(client, q="Berlin", sort="-date")
    assert "<select" not in text and text.count("oldest first") == 1
    assert '<input type="hidden" name="sort" value="-date">' in text
    assert 'name="sort"' not in page(client, q="Berlin")
    assert "Searched for" not in text


def test_a_jump_to_the_filters_and_back(archive, client):
    text = page(client, q="Berlin")
    assert text.index('<a href="#filters">Filters</a>') < text.index('<form class="search-form"')
    assert '<aside class="facets" id="filters"' in text and '<a href="#results-heading">' in text


@pytest.mark.parametrize(("params", "notice"), [
    ({"from": "1964", "to": "1962"}, "From 1964 is after to 1962: the dates were read the other way round."),
    ({"q": "Berlin from:1964 to:1962"},
     "from:1964 is after to:1962: the dates were read the other way round."),
    ({"q": "Berlin year:1964-1962"}, "year:1964-1962 ends before it starts: it was read as year:1962-1964."),
    ({"q": "Berlin year:notayear"}, '"year:notayear" is not a year or a range like 1950-1955: '
                                    "it was read as a plain word."),
    ({"from": "soon"}, '"soon" is not a date like 1950, 1950-03 or 1950-03-15: it was ignored.'),
])
def test_dates_read_otherwise_have_a_notice(archive, client, params, notice):
    data = search_json(client, **params)
    assert notice in data["notices"]
    assert html.escape(notice) in page(client, **params)
    if "notayear" not in notice:
        assert data["total"] > 0
