"""Reading the query language: each form, and malformed input read as plain words with a notice."""

import datetime as dt

import pytest

from archivist.search.query import (
    MAX_LENGTH,
    MAX_PREFIXES,
    MAX_TERMS,
    Clause,
    date_span,
    nothing_to_find,
    parse,
)


def test_words_phrases_or_exclusion_prefix_and_fields():
    parsed = parse('treaty "Port Arthur" Moscow OR Beijing -Stalin sovi* title:cable year:1950-1952')
    assert [[str(c) for c in group] for group in parsed.groups] == [
        ["treaty"], ['"Port Arthur"'], ["Moscow", "Beijing"], ["-Stalin"], ["sovi*"], ["title:cable"],
        ["year:1950-1952"]]
    assert parsed.groups[4][0] == Clause("sovi", prefix=True)
    assert parsed.notices == []


def test_field_aliases_map_to_index_fields():
    parsed = parse('person:"Zhou Enlai" place:Moscow topic:alliance subject:china language:russian '
                   "archive:wilson")
    assert [g[0].field for g in parsed.groups] == ["person", "place", "topic", "subject", "language",
                                                   "archive"]


def test_unmatched_quote_is_read_as_plain_words():
    parsed = parse('"Port Arthur')
    assert str(parsed) == "Port Arthur"
    assert "quotation mark" in parsed.notices[0]


def test_unknown_field_and_bad_year_become_words_with_notices():
    parsed = parse("colour:red year:nineteen")
    assert str(parsed) == "colour red nineteen"
    assert len(parsed.notices) == 2


def test_dangling_or_is_ignored_with_a_notice():
    parsed = parse("OR treaty OR")
    assert str(parsed) == "treaty"
    assert parsed.notices == ["OR needs a word on each side: it was ignored."] * 2


def test_words_of_only_punctuation_are_dropped():
    assert parse("- & * ()").groups == []


def test_chinese_without_spaces_is_a_phrase_of_characters():
    assert parse("周恩来").groups == [[Clause("周恩来", phrase=True)]]


def test_dates_in_the_query():
    parsed = parse('from:1950-03 to:"1955" from:1950-13 year:"19x"')
    assert [str(g[0]) for g in parsed.groups] == ["from:1950-03", "to:1955", "\"1950-13\"", "19x"]
    assert len(parsed.notices) == 2


def test_a_long_query_is_cut_between_words_with_a_notice():
    parsed = parse("treaty " * 60 + "moscow " * 40)  # 420 + 280 characters
    assert len(str(parsed)) <= MAX_LENGTH
    assert any(f"longer than {MAX_LENGTH} characters" in notice and '("moscow moscow' in notice
               for notice in parsed.notices)
    assert all(group[0].text in ("treaty", "moscow") for group in parsed.groups)  # no word cut in two


def test_terms_past_the_limit_are_ignored_and_named():
    parsed = parse(" ".join(f"w{n}" for n in range(MAX_TERMS + 3)) + " OR x")
    assert sum(len(group) for group in parsed.groups) == MAX_TERMS
    assert parsed.notices == [f'Only the first {MAX_TERMS} terms are searched: the rest was ignored '
                              f'("w{MAX_TERMS} w{MAX_TERMS + 1} w{MAX_TERMS + 2} x").']


def test_a_field_with_nothing_after_it_is_ignored_with_a_notice():
    parsed = parse("title: cable")
    assert str(parsed) == "cable" and '"title:" has nothing after it' in parsed.notices[0]
    assert parse("colour:").groups == [[Clause("colour:")]]  # not a field: the word "colour"


@pytest.mark.parametrize("text", ["***", '""', "title:", "- & * ()", "OR", 'title:"" year:"" ...'])
def test_a_query_of_nothing_searchable_has_a_notice(text):
    notice = nothing_to_find(text, parse(text), restricted=False)
    assert notice.startswith("Nothing to search for in")
    assert nothing_to_find(text, parse(text), restricted=True) == notice  # a choice does not change it


def test_exclusions_alone_find_nothing_unless_they_narrow_a_choice():
    assert "only excludes" in nothing_to_find("-moscow -treaty", parse("-moscow -treaty"), restricted=False)
    assert nothing_to_find("-moscow", parse("-moscow"), restricted=True) is None
    for text in ("", "   ", "treaty -moscow", "year:1950", "-moscow OR treaty"):
        assert nothing_to_find(text, parse(text), restricted=False) is None, text


def test_reversed_years_and_dates_are_read_the_other_way_round():
    parsed = parse("year:1955-1950")
    assert str(parsed) == "year:1950-1955" and "ends before it starts" in parsed.notices[0]
    parsed = parse("from:1955-03 to:1950 treaty")
    assert str(parsed) == "from:1950 to:1955-03 treaty"
    assert parsed.notices == ["from:1955-03 is after to:1950: the dates were read the other way round."]
    assert parse("from:1950-03 to:1950-03").notices == []


def test_date_span_of_the_form():
    notices = []
    assert date_span("1955", "1950-06", notices) == (dt.date(1950, 6, 1), dt.date(1955, 12, 31))
    assert notices == ["From 1955 is after to 1950-06: the dates were read the other way round."]
    notices = []
    assert date_span("9999-12", "x" * 500, notices) == (dt.date(9999, 12, 1), None)
    assert len(notices) == 1 and len(notices[0]) < 150  # a long bad date is quoted short
    assert date_span("", " ", []) == (None, None)


def test_prefixes_past_the_limit_are_searched_as_whole_words():
    parsed = parse("a* b* OR c* -d* e* f*")
    assert [str(c) for group in parsed.groups for c in group] == ["a*", "b*", "c*", "-d*", "e", "f"]
    assert parsed.notices == [f"Only the first {MAX_PREFIXES} prefixes are searched as prefixes: the others "
                              'were searched as whole words ("e f").']
