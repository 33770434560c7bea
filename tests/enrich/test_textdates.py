"""Dates in a text, absolute and relative to the document's date, each with its sentence."""

import datetime as dt

from archivist.enrich.textdates import find_dates

CABLE_DATE = dt.date(1950, 1, 2)


def dates(text, day=CABLE_DATE):
    return [(d.expression, d.date) for d in find_dates(text, day)]


def test_day_and_month_take_the_year_of_the_document():
    found = find_dates("He could depart from Beijing on 9 January. We spoke on 28 December.", CABLE_DATE)
    assert [(d.date, d.relative) for d in found] == [("1950-01-09", True), ("1949-12-28", True)]
    assert found[0].sentence == "He could depart from Beijing on 9 January."


def test_absolute_dates_in_several_forms():
    assert dates("On November 9, 1960, and 2 January [1950], and 1962-10-27, and Jan. 3, 1961.") == [
        ("November 9, 1960", "1960-11-09"), ("2 January [1950]", "1950-01-02"), ("1962-10-27", "1962-10-27"),
        ("Jan. 3, 1961", "1961-01-03")]


def test_relative_words_and_weekdays():
    assert dates("Yesterday, and today, and tomorrow; next Monday and last Friday.") == [
        ("Yesterday", "1950-01-01"), ("today", "1950-01-02"), ("tomorrow", "1950-01-03"),
        ("next Monday", "1950-01-09"), ("last Friday", "1949-12-30")]


def test_months_without_a_day():
    assert dates("Zhou and I would return home in early February; the treaty of February 1950.") == [
        ("in early February", "1950-02"), ("February 1950", "1950-02")]


def test_without_a_document_date_only_absolute_dates_are_kept():
    assert dates("On 9 January, yesterday, and on March 3, 1961.", None) == [("March 3, 1961", "1961-03-03")]


def test_may_as_a_verb_is_not_a_date():
    assert dates("May I say, May 5 was fine.") == [("May 5", "1950-05-05")]
