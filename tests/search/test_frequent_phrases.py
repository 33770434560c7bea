"""Phrases of frequent words ("of the") are searched as indexed pairs: the same documents as the words
side by side, never the words apart, with snippets, counts and facets as for any query."""

from __future__ import annotations

import pytest

from archivist.config import SettingError
from archivist.search import pairs
from archivist.search.query import MAX_TERMS, parse
from archivist.search.service import search

DOCUMENTS = [
    {"record_id": "fall", "title": "Cable", "date": "1950", "associated_places": ["Rome"],
     "text": "They reported the fall of the city at dawn."},
    {"record_id": "apart", "title": "Letter", "date": "1951", "associated_places": ["Rome"],
     "text": "The city of Rome, the end; they spoke of it. The talks went on."},
    {"record_id": "across", "title": "Report of", "date": "1952",
     "text": "the delegation arrived."},  # "of" ends the title, "the" begins the text: not a phrase
    {"record_id": "one", "title": "Minutes", "date": "1960", "associated_places": ["Rome"],
     "text": "This is one of the best cables from the United States embassy."},
    {"record_id": "reversed", "title": "Memorandum", "date": "1961",
     "text": "Of them the one who wrote; the United and other States. In Rome the delegation."},
    {"record_id": "elsewhere", "title": "Note of the day", "date": "1962", "text": "Nothing here."},
]


@pytest.fixture
def archive(put):
    put(*({"text_language": "English", **document} for document in DOCUMENTS))


def _found(q: str) -> set[str]:
    results = search(q, per_page=50)
    assert results.total == len(results.hits)  # counted exactly
    return {hit.record_id for hit in results.hits}


def test_a_phrase_of_frequent_words_finds_exactly_the_documents_holding_it_side_by_side(archive):
    assert _found('"of the"') == {"fall", "one", "elsewhere"}
    assert _found('"Of The"') == {"fall", "one", "elsewhere"}
    assert _found('"the of"') == set()
    assert _found('"one of the"') == {"one"}
    assert _found('"is one of the"') == {"one"}
    assert _found('"in the"') == set()  # "In Rome the": the words apart
    assert _found('"of the" city') == {"fall"}
    assert _found('"of the" -city') == {"one", "elsewhere"}


def test_a_phrase_with_other_words_is_searched_word_by_word(archive):
    assert _found('"the United States"') == {"one"}
    assert _found('"the city"') == {"fall", "apart"}
    assert _found('"of Rome the"') == {"apart"}  # punctuation is no gap, as for any phrase
    assert _found('"Rome of the"') == set()


def test_a_phrase_never_spans_two_texts_and_a_field_searches_its_own_words(archive):
    assert "across" not in _found('"of the"')
    assert _found('"report of"') == {"across"}
    assert _found('title:"of the"') == {"elsewhere"}
    assert _found('body:"of the"') == {"fall", "one"}


def test_snippets_mark_the_phrase_and_facets_count_its_documents(archive):
    results = search('"of the"', per_page=50)
    fall = next(hit for hit in results.hits if hit.record_id == "fall")
    assert "<mark>of</mark> <mark>the</mark> city" in fall.snippet
    places = next(f for f in results.facets if f.name == "places")
    assert {v.label: v.count for v in places.values} == {"Rome": 2}
    years = next(f for f in results.facets if f.name == "year")
    assert sum(v.count for v in years.values) == results.total == 3
    chosen = search('"of the"', filters={"places": [places.values[0].value]}, per_page=50)
    assert {hit.record_id for hit in chosen.hits} == {"fall", "one"} and chosen.total == 2


def test_a_hostile_query_of_frequent_words_is_cut_to_its_first_terms(archive):
    words = pairs.PACKAGED.split()[:40]
    parsed = parse(" ".join(f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)))
    assert sum(len(group) for group in parsed.groups) == MAX_TERMS
    assert any("Only the first" in notice for notice in parsed.notices)
    long_phrase = '"' + " ".join(words) + '"'  # one phrase of 40 frequent words: a phrase of 39 pairs
    assert search(long_phrase).total == 0
    assert search(" ".join(words[:MAX_TERMS + 5])).total == 0


def test_runs_of_frequent_words_become_pairs_one_value_a_run():
    assert list(pairs.runs("the end of the day, in the Rome of it")) == ["of_the", "in_the", "of_it"]
    assert list(pairs.runs("one of the best")) == ["one_of of_the"]
    assert list(pairs.runs("Nothing here")) == []
    assert pairs.pair_terms(["is", "one", "of", "the"]) == ["is_one", "one_of", "of_the"]
    assert pairs.pair_terms(["the", "city"]) is None
    assert pairs.pair_terms(["the"]) is None


def test_an_index_made_with_other_frequent_words_asks_for_reindex(put, fresh_index, tmp_path, monkeypatch):
    import tantivy

    from archivist.search.indexer import reindex
    from archivist.search.schema import OutdatedIndex, _open, build_schema

    put({"record_id": "a", "title": "Fall of the city"})
    words = tmp_path / "frequent.txt"
    words.write_text("the\nof\ncity\n", encoding="utf-8")
    monkeypatch.setenv("ARCHIVIST_FREQUENT_WORDS", str(words))
    other = build_schema()
    monkeypatch.delenv("ARCHIVIST_FREQUENT_WORDS")
    _open.clear()
    import shutil

    shutil.rmtree(fresh_index)
    fresh_index.mkdir()
    tantivy.Index(other, path=str(fresh_index))
    with pytest.raises(OutdatedIndex, match="ARCHIVIST_FREQUENT_WORDS"):
        search("city")
    assert reindex() == 1
    assert _found('"of the"') == {"a"}


def test_an_unreadable_list_of_frequent_words_names_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_FREQUENT_WORDS", str(tmp_path / "missing.txt"))
    with pytest.raises(SettingError, match="ARCHIVIST_FREQUENT_WORDS: cannot read .*missing.txt"):
        pairs.fingerprint()
