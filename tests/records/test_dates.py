import datetime as dt

import pytest

from archivist.records.dates import DateError, display_date, parse_date


@pytest.mark.parametrize(("value", "earliest", "latest", "precision", "shown"), [
    ("1950-01-02", dt.date(1950, 1, 2), dt.date(1950, 1, 2), "day", "January 2, 1950"),
    ("1950-01", dt.date(1950, 1, 1), dt.date(1950, 1, 31), "month", "January 1950"),
    ("1950", dt.date(1950, 1, 1), dt.date(1950, 12, 31), "year", "1950"),
    ("1950~", dt.date(1950, 1, 1), dt.date(1950, 12, 31), "year", "circa 1950"),
    ("1950?", dt.date(1950, 1, 1), dt.date(1950, 12, 31), "year", "1950 (uncertain)"),
    ("195X", dt.date(1950, 1, 1), dt.date(1959, 12, 31), "decade", "1950s"),
    ("1950-01-02/1950-01-05", dt.date(1950, 1, 2), dt.date(1950, 1, 5), "range",
     "January 2, 1950 – January 5, 1950"),
    ("1950-01-02T23:00:00", dt.date(1950, 1, 2), dt.date(1950, 1, 2), "day",
     "January 2, 1950, 23:00"),
])
def test_edtf_dates_have_bounds_precision_and_display(value, earliest, latest, precision, shown):
    date = parse_date(value)
    assert (date.earliest, date.latest, date.precision) == (earliest, latest, precision)
    assert display_date(date) == shown


def test_empty_date_is_undated():
    date = parse_date("")
    assert date.precision == "undated" and date.earliest is None
    assert display_date(date) == "undated"


@pytest.mark.parametrize("value", ["2 January 1950", "1950-13-01", "19500102"])
def test_non_edtf_dates_are_rejected_with_an_example(value):
    with pytest.raises(DateError, match="EDTF"):
        parse_date(value)
