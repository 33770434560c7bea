"""Facet counts equal a count made by hand, whichever way the service counts them: directly or from
the other side, started at once from the term dictionary's bounds or after the search has counted."""

import datetime as dt
import random

import pytest

from archivist.search import facets, query
from archivist.search.documents import IndexedDocument, LinkedName, position_document
from archivist.search.indexer import writing
from archivist.search.schema import open_index, reader
from archivist.search.service import search

# Words and the share of documents holding each: "every" is counted from the other side, "few" directly.
WORDS = {"every": 0.9, "most": 0.7, "half": 0.5, "some": 0.3, "few": 0.1}
PEOPLE, PLACES, LANGUAGES = [f"p{n}" for n in range(8)], [f"l{n}" for n in range(6)], ["English", "Russian"]


def _documents() -> list[dict]:
    rng = random.Random(5)
    return [{"id": f"d{n}", "words": [w for w, share in WORDS.items() if rng.random() < share] or ["none"],
             "people": rng.sample(PEOPLE, rng.randint(0, 3)), "places": rng.sample(PLACES, rng.randint(1, 2)),
             "language": rng.choice(LANGUAGES), "year": rng.randint(1948, 1953)} for n in range(80)]


DOCUMENTS = _documents()


@pytest.fixture
def index(db, public_records):
    public_records([("person", p) for p in PEOPLE] + [("place", p) for p in PLACES])
    with writing(open_index()) as writer:
        for d in DOCUMENTS:
            linked = ([LinkedName("person", p, [f"Person {p}"]) for p in d["people"]]
                      + [LinkedName("place", p, [f"Place {p}"]) for p in d["places"]])
            writer.add_document(IndexedDocument(d["id"], "Cable", body=" ".join(d["words"]),
                                                earliest=dt.date(d["year"], 5, 1), languages=[d["language"]],
                                                linked=linked).to_index())
        writer.add_document(position_document(0))
        writer.commit()


def _by_hand(matches) -> dict[str, dict[str, int]]:
    counted: dict[str, dict[str, int]] = {name: {} for name in ("people", "places", "languages", "year",
                                                                  "decade")}
    for d in filter(matches, DOCUMENTS):
        values = {"people": [f"person/{p}" for p in d["people"]],
                  "places": [f"place/{p}" for p in d["places"]],
                  "languages": [d["language"]], "year": [str(d["year"])],
                  "decade": [str(d["year"] - d["year"] % 10)]}
        for name, found in values.items():
            for value in found:
                counted[name][value] = counted[name].get(value, 0) + 1
    return counted


def _counted(results) -> dict[str, dict[str, int]]:
    return {f.name: {v.value: v.count for v in f.values if v.count}
            for f in results.facets if f.name in ("people", "places", "languages", "year", "decade")}


@pytest.mark.parametrize(("q", "matches"), [
    ("", lambda d: True),
    ("every", lambda d: "every" in d["words"]),
    ("most", lambda d: "most" in d["words"]),
    ("few", lambda d: "few" in d["words"]),
    ("most some", lambda d: {"most", "some"} <= set(d["words"])),
    ("every most", lambda d: {"every", "most"} <= set(d["words"])),
    ("half OR every", lambda d: bool({"half", "every"} & set(d["words"]))),
    ("every -few", lambda d: "every" in d["words"] and "few" not in d["words"]),
])
def test_counts_equal_a_count_by_hand(index, q, matches):
    results = search(q)
    assert results.total == sum(map(matches, DOCUMENTS))
    assert _counted(results) == _by_hand(matches)


def test_counts_with_a_date_range_and_a_choice_equal_a_count_by_hand(index):
    results = search("every", filters={"languages": ["Russian"]}, date_from="1950", date_to="1952")
    in_range = lambda d: "every" in d["words"] and 1950 <= d["year"] <= 1952  # noqa: E731
    expected = _by_hand(lambda d: in_range(d) and d["language"] == "Russian")
    counted = _counted(results)
    assert counted["places"] == expected["places"] and counted["year"] == expected["year"]
    # The chosen facet counts its values as if it were not chosen.
    assert counted["languages"] == _by_hand(in_range)["languages"]


def test_bounds_from_the_term_dictionary(index):
    searcher, _ = reader().current()
    holding = {word: sum(word in d["words"] for d in DOCUMENTS) for word in WORDS}
    assert query.match_bounds(query.parse("every"), searcher) == (holding["every"], holding["every"])
    assert query.match_bounds(query.parse("most some"), searcher) == (0, holding["some"])
    assert query.match_bounds(query.parse("half OR few"), searcher) == (holding["half"],
                                                                         holding["half"] + holding["few"])
    assert query.match_bounds(query.parse("ever*"), searcher) is None
    assert facets.by_complement(searcher, holding["every"], holding["every"]) is True
    assert facets.by_complement(searcher, 0, holding["few"]) is False
    assert facets.by_complement(searcher, 0, len(DOCUMENTS)) is None


def test_the_costliest_facet_is_counted_apart(index):
    searcher, cache = reader().current()
    sets = facets.side_by_side(searcher, cache, facets.FACETS, sets=2)
    assert sorted(f.name for chosen in sets for f in chosen) == sorted(f.name for f in facets.FACETS)
    assert len(sets) == 2
    [alone] = facets.side_by_side(searcher, cache, facets.FACETS, sets=0)
    assert set(alone) == set(facets.FACETS)
    year_set = next(chosen for chosen in sets if facets.BY_NAME["year"] in chosen)
    assert facets.BY_NAME["decade"] in year_set
