"""Document dates as EDTF values (Library of Congress Extended Date/Time Format) with sortable bounds."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class DateError(ValueError):
    """A date that is not a valid EDTF value."""


@dataclass(frozen=True)
class DocumentDate:
    edtf: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str  # day, month, year, decade, range, undated

    @property
    def approximate(self) -> bool:
        return "~" in self.edtf or "%" in self.edtf

    @property
    def uncertain(self) -> bool:
        return "?" in self.edtf or "%" in self.edtf


UNDATED = DocumentDate("", None, None, "undated")
MAX_LENGTH = 100  # Document.date


def parse_date(value: str | None) -> DocumentDate:
    """Read an EDTF string; an empty value means undated."""
    text = (value or "").strip()
    if not text:
        return UNDATED
    if len(text) > MAX_LENGTH:
        raise DateError(f"is {len(text)} characters long; a date has at most {MAX_LENGTH}")
    plain = _plain_iso_date(text)
    if plain is not None:
        return plain
    if text.count("/") == 1 and ".." in text.split("/"):
        return _open_interval(text)
    earliest, latest = _edtf_bounds(text)
    if earliest > latest:
        raise DateError(f"{text!r} ends before it starts")
    return DocumentDate(text, earliest, latest, _precision(text, earliest, latest))


def _edtf_bounds(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean, within the years 1 to 9999 that dates can hold."""
    try:
        parsed = parse_edtf(text)
    except EDTFParseException as error:
        raise DateError(f"{text!r} is not an EDTF date (e.g. 1950-01-02, 1950-01, 1950~, "
                        f"1950-01/1950-03)") from error
    try:
        return struct_time_to_date(parsed.lower_strict()), struct_time_to_date(parsed.upper_strict())
    except Exception as error:  # the edtf library fails in many ways on values it parsed
        raise DateError(f"{text!r} is out of range: dates run from the year 0001 to 9999") from error


def _open_interval(text: str) -> DocumentDate:
    """"1950-01-02/.." (from then on) or "../1950" (until then): bounded by the known end alone."""
    start, _, end = text.partition("/")
    known = "" if (start, end) == ("..", "..") else end if start == ".." else start
    if not known.strip() or "/" in known:
        raise DateError(f"{text!r} needs one known end, e.g. 1950-01-02/.. or ../1950")
    bound = parse_date(known)
    return DocumentDate(text, bound.earliest, bound.latest, "range")


_PLAIN_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?)?)?)?")


def _plain_iso_date(text: str) -> DocumentDate | None:
    """YYYY, YYYY-MM, YYYY-MM-DD and a day with its time (and zone) without the EDTF parser, which
    takes milliseconds a date: too slow for bulk imports."""
    match = _PLAIN_ISO.fullmatch(text)
    if match is None:
        return None
    time = match.group(4)
    year, month, day = (int(part) if part else None for part in match.groups()[:3])
    try:
        if time:
            dt.time.fromisoformat(time[1:9])
        if month is None:
            return DocumentDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return DocumentDate(text, dt.date(year, month, 1), dt.date(year, month, last), "month")
        day_date = dt.date(year, month, day)
    except ValueError as error:
        raise DateError(f"{text!r} is not an EDTF date ({error}; e.g. 1950-01-02, 1950-01, 1950~, "
                        f"1950-01/1950-03)") from error
    return DocumentDate(text, day_date, day_date, "day")


def _precision(text: str, earliest: dt.date, latest: dt.date) -> str:
    if "/" in text or ".." in text:
        return "range"
    if earliest == latest:
        return "day"
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return "month"
    if earliest.year == latest.year:
        return "year"
    return "decade"


def display_date(date: DocumentDate) -> str:
    """A reader's form of the date: "January 2, 1950", "January 1950", "circa 1950", "undated"."""
    if date.precision == "undated":
        return "undated"
    if date.precision == "range":
        return f"{_display_day(date.earliest)} – {_display_day(date.latest)}"
    start = date.earliest
    if date.precision == "day":
        shown = _display_day(start)
    elif date.precision == "month":
        shown = f"{MONTHS[start.month - 1]} {start.year}"
    elif date.precision == "year":
        shown = str(start.year)
    else:
        shown = f"{start.year}s"
    if "T" in date.edtf:
        shown += ", " + date.edtf.split("T", 1)[1][:5]
    if date.approximate:
        shown = "circa " + shown
    if date.uncertain:
        shown += " (uncertain)"
    return shown


def _display_day(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def exact_iso_date(edtf: str) -> str:
    """The date as an ISO 8601 date, month or year ("1950-01-02", "1958-08", "1958"), as HTML's <time>
    and schema.org read them; "" for what ISO 8601 cannot state so: a range, a season, a decade, an
    approximate or an uncertain date."""
    try:
        date = parse_date(edtf)
    except DateError:
        return ""
    first, last = date.earliest, date.latest
    if first is None or date.approximate or date.uncertain or "/" in date.edtf:
        return ""
    if first == last:
        return date.edtf if "T" in date.edtf else first.isoformat()
    if first.day == 1 and last == first.replace(day=calendar.monthrange(first.year, first.month)[1]):
        return first.isoformat()[:7]
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return f"{first.year:04d}"
    return ""
