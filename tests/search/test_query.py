"""Reading the query language: each form, and malformed input read as plain words with a notice."""

from archivist.search.query import Clause, parse


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
