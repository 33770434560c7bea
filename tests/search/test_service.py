"""The search service over a real index: each query form, names, folding, scripts, snippets, facets."""

import pytest

from archivist.records.services import delete_document, set_status
from archivist.search.indexer import sync
from archivist.search.service import search

ZHOU = {"type": "person", "id": "zhou-enlai", "name": "Zhou, Enlai", "display_name": "Zhou Enlai",
        "variants": ["Chou En-lai", "周恩来"]}
DOCUMENTS = [
    {"record_id": "a", "title": "Cable on the treaty negotiations", "summary": "Talks in Moscow.",
     "date": "1950-01-02", "text": "The Premier will travel to Moscow. Port Arthur (Lüshun) is to be "
     "returned. <script>alert(1)</script> & Co.", "text_language": "English",
     "associated_people_and_organizations": ["Zhou, Enlai"], "associated_places": ["Moscow"],
     "associated_topics": ["Alliance"]},
    {"record_id": "b", "title": "Запись беседы", "date": "1952-06", "text": "Переговоры в Москве.",
     "text_language": "Russian", "associated_places": ["Beijing"], "associated_topics": ["Alliance"]},
    {"record_id": "c", "title": "Draft memorandum on the treaty", "date": "1950-03-01", "status": "draft",
     "text": "Moscow treaty draft."},
    {"record_id": "d", "title": "Report on the Lushun naval base", "date": "1955", "text": "Naval base.",
     "text_language": "English", "associated_places": ["Moscow", "Beijing"]},
    {"record_id": "e", "title": "毛泽东致电", "date": "1949-12", "text": "毛泽东致电中共中央，谈判顺利。",
     "text_language": "Chinese", "associated_places": ["Moscow"]},
]


@pytest.fixture
def archive(put):
    put(ZHOU, *DOCUMENTS)


def ids(results) -> list[str]:
    return sorted(hit.record_id for hit in results.hits)


@pytest.mark.parametrize(("query", "expected"), [
    ("treaty moscow", ["a"]),
    ('"will travel"', ["a"]),
    ('"Arthur Port"', []),
    ("Lushun OR Переговоры", ["a", "b", "d"]),
    ("moscow -treaty", ["d", "e"]),
    ("negotiat*", ["a"]),
    ("title:cable", ["a"]),
    ("title:moscow", []),
    ("place:beijing", ["b", "d"]),
    ("person:zhou", ["a"]),
    ("topic:alliance", ["a", "b"]),
    ("language:russian", ["b"]),
    ("year:1950", ["a"]),
    ("year:1950-1955 naval", ["d"]),
])
def test_query_forms(archive, query, expected):
    results = search(query)
    assert ids(results) == expected
    assert results.total == len(expected)
    assert results.notices == []


def test_exclusion_alone_finds_nothing_but_narrows_a_choice(archive):
    alone = search("-treaty")
    assert alone.total == 0 and alone.hits == [] and "only excludes" in alone.notices[-1]
    assert ids(search("-treaty", filters={"places": ["place/moscow"]})) == ["d", "e"]
    assert ids(search("-treaty", date_from="1952")) == ["b", "d"]


def test_only_published_documents_are_found(archive):
    assert "c" not in ids(search("draft"))
    set_status("a", "restricted")
    delete_document("d")
    sync()
    assert ids(search("")) == ["b", "e"]


def test_variant_names_of_linked_authorities_find_the_document(archive):
    assert ids(search("Chou En-lai")) == ["a"]
    assert ids(search('"Chou En-lai"')) == ["a"]
    assert ids(search("周恩来")) == ["a"]


def test_case_and_accents_do_not_matter(archive):
    assert ids(search("Lüshun")) == ids(search("LUSHUN")) == ["a", "d"]


def test_decomposed_accents_and_japanese_are_searchable(put):
    put({"record_id": "n", "title": "Port note", "text": "Lu\u0308shun harbour; 東京の会談。"})
    assert ids(search("Lüshun")) == ids(search("lushun")) == ["n"]
    assert ids(search("東京")) == ids(search("会談")) == ["n"]
    assert ids(search('"京東"')) == []


def test_chinese_and_russian_text_is_searchable(archive):
    assert ids(search("中共中央")) == ["e"]
    assert ids(search("谈判")) == ["e"]
    assert ids(search("判谈")) == []
    assert ids(search("переговоры")) == ["b"]


def test_a_phrase_does_not_run_from_one_name_of_a_record_into_the_next(archive):
    # Document a is linked to Zhou Enlai, whose names are indexed as "Zhou Enlai", "Zhou, Enlai",
    # "Chou En-lai" and "周恩来".
    assert ids(search('"Zhou Enlai"')) == ["a"]
    assert ids(search('"Enlai Chou"')) == []
    assert ids(search('"Enlai Zhou"')) == []


def test_yo_is_searched_as_ye_and_shown_as_written(put):
    put({"record_id": "k", "title": "Письмо Хрущёва", "text": "Хрущёв ответил.", "text_language": "Russian"},
        {"record_id": "m", "title": "Записка", "text": "ХРУЩЕВ согласен.", "text_language": "Russian"})
    assert ids(search("Хрущёв")) == ids(search("хрущев")) == ["k", "m"]
    assert ids(search("title:хрущева")) == ["k"]
    hit = next(h for h in search("хрущев").hits if h.record_id == "k")
    assert hit.title == "Письмо Хрущёва"
    assert "<mark>Хрущёв</mark>" in hit.snippet


def test_snippets_are_escaped_and_mark_the_matches(archive):
    snippet = search("alert").hits[0].snippet
    assert "<mark>alert</mark>" in snippet
    assert "&lt;script&gt;" in snippet and "<script>" not in snippet
    assert "&amp; Co" in snippet


def test_malformed_syntax_is_read_as_words_with_a_notice(archive):
    results = search('"treaty moscow')
    assert ids(results) == ["a"]
    assert results.notices


def facet(results, name) -> dict[str, int]:
    return {v.value: v.count for f in results.facets if f.name == name for v in f.values}


def test_facets_count_the_whole_matching_set(archive):
    results = search("")
    assert facet(results, "places") == {"place/moscow": 3, "place/beijing": 2}
    assert facet(results, "topics") == {"topic/alliance": 2}
    assert facet(results, "decade") == {"1940": 1, "1950": 3}
    assert facet(results, "year") == {"1949": 1, "1950": 1, "1952": 1, "1955": 1}
    assert facet(results, "languages") == {"English": 2, "Russian": 1, "Chinese": 1}
    people = next(f for f in results.facets if f.name == "people")
    assert [(v.label, v.count) for v in people.values] == [("Zhou Enlai", 1)]


def test_facet_choices_narrow_and_within_or_across(archive):
    assert ids(search("", filters={"places": ["place/beijing"]})) == ["b", "d"]
    assert ids(search("", filters={"places": ["place/beijing", "place/moscow"]})) == ["a", "b", "d", "e"]
    narrowed = search("", filters={"places": ["place/beijing"], "topics": ["topic/alliance"]})
    assert ids(narrowed) == ["b"]
    # The chosen facet still counts its other values (choosing them too widens the results).
    assert facet(narrowed, "places") == {"place/beijing": 1, "place/moscow": 1}
    assert [v.selected for f in narrowed.facets if f.name == "places" for v in f.values].count(True) == 1


def test_date_range_and_date_sort(archive):
    assert ids(search("", date_from="1950", date_to="1952-06")) == ["a", "b"]
    assert ids(search("", date_from="1952-07")) == ["d"]
    assert [h.record_id for h in search("", sort="date").hits] == ["e", "a", "b", "d"]
    assert [h.record_id for h in search("", sort="-date").hits] == ["d", "b", "a", "e"]
    results = search("", date_from="19x")
    assert results.total == 4 and results.notices


def test_pagination_keeps_the_total(archive):
    first, second = (search("", sort="date", page=n, per_page=3) for n in (1, 2))
    assert first.total == second.total == 4 and first.pages == 2
    assert [h.record_id for h in second.hits] == ["d"]


def test_snippets_do_not_mark_the_initials_of_a_name(put):
    put({"record_id": "s", "title": "Note",
         "text": "Roosevelt's time. N. S. Khrushchev wrote to the U.S.S.R."})
    snippet = search('"N. S. Khrushchev"').hits[0].snippet
    assert "<mark>Khrushchev</mark>" in snippet
    assert "<mark>s</mark>" not in snippet.lower() and "<mark>N</mark>" not in snippet


def test_snippets_mark_folded_and_chinese_matches(archive):
    assert "<mark>Lüshun</mark>" in next(h.snippet for h in search("lushun").hits if h.record_id == "a")
    assert "<mark>中共中央</mark>" in search("中共中央").hits[0].snippet


def test_date_range_in_the_query(archive):
    assert ids(search("from:1950 to:1952-06")) == ["a", "b"]
    assert ids(search("naval from:1955-01-01")) == ["d"]


def test_a_chosen_value_outside_the_top_list_shows_its_count(put):
    places = [f"Place {n:02d}" for n in range(12)]
    put(*[{"record_id": f"r{n}", "title": "Cable", "associated_places": places[: 12 - n]} for n in range(12)])
    # Place 11 is on one document only, so it is not among the ten places shown.
    assert "place/place-11" not in facet(search(""), "places")
    chosen = search("", filters={"places": ["place/place-11"]})
    assert facet(chosen, "places")["place/place-11"] == 1
    assert chosen.total == 1


def test_pages_beyond_the_deepest_are_capped_with_a_notice(archive):
    results = search("", page=10**9)
    assert results.page == 501 and results.hits == [] and results.notices
