"""Dates written in a text, resolved to the calendar with the help of the document's own date.

"November 9, 1960" and "9 November 1960" are absolute; "on 9 January" in a cable of 2 January
1950 is 1950-01-09 (the year closest to the document's date: "28 December" in that cable is
1949-12-28); "yesterday", "today", "tomorrow", "last Monday", "next Friday" count from the
document's date; "in early February" gives the month. Each date comes with its sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_MONTH = (r"(?P<month>" + "|".join(calendar.month_name[1:]) + "|"
          + "|".join(rf"{abbr}\.?" for abbr in ["Sept", *calendar.month_abbr[1:]]) + ")")
_YEAR = r"(?:,?\s*\[?(?P<year>1[5-9]\d\d|20\d\d)\]?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>1[5-9]\d\d|20\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("day-month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}?(?![\w-])", re.I)),
    ("month-day", re.compile(rf"\b{_MONTH}\s+{_DAY}(?!\d){_YEAR}?(?![\w-])", re.I)),
    ("month-year", re.compile(rf"\b{_MONTH}{_YEAR}\b", re.I)),
    ("month", re.compile(rf"\b(?:in|early|mid-|late|during|until|since|end of)\s+(?:early\s+|mid-|late\s+)?"
                         rf"{_MONTH}(?![\w-]|,?\s*\[?\d)", re.I)),
    ("relative", re.compile(r"\b(?P<word>the day before yesterday|the day after tomorrow|yesterday|today|"
                            r"tonight|tomorrow)\b", re.I)),
    ("weekday", re.compile(r"\b(?P<which>last|next|this|on)\s+(?P<weekday>"
                           + "|".join(WEEKDAYS) + r")\b", re.I)),
]
RELATIVE_DAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tonight": 0,
                 "tomorrow": 1, "the day after tomorrow": 2}
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])|\n\s*\n")
# Words that make a capitalized month name something else ("May I", "March on").
NOT_A_MONTH_AFTER = re.compile(r"^\s+(?:I|we|you|he|she|they|it|be|not)\b")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    expression: str
    date: str  # EDTF: 1950-01-09 or 1950-01
    earliest: dt.date
    latest: dt.date
    relative: bool
    sentence: str


def find_dates(text: str, document_date: dt.date | None = None) -> list[FoundDate]:
    """Every date in `text`, the longest reading first where two overlap."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    sentences = _sentences(text)
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            resolved = _resolve(kind, match, document_date)
            if resolved is None or _month_word_is_a_verb(kind, match, text):
                continue
            date, earliest, latest, relative = resolved
            start, end = match.span()
            expression = text[start:end].strip()
            start += len(text[start:end]) - len(text[start:end].lstrip())
            found.append(FoundDate(start, start + len(expression), expression, date, earliest, latest,
                                   relative, _sentence_at(sentences, text, start)))
            taken.append((start, end))
    return sorted(found, key=lambda d: d.start)


def _resolve(kind: str, match: re.Match, document_date: dt.date | None):
    groups = match.groupdict()
    if kind == "relative":
        if document_date is None:
            return None
        day = document_date + dt.timedelta(days=RELATIVE_DAYS[groups["word"].lower()])
        return day.isoformat(), day, day, True
    if kind == "weekday":
        return _weekday(groups["which"].lower(), WEEKDAYS[groups["weekday"].lower()], document_date)
    month = int(groups["month"]) if groups["month"].isdigit() else MONTHS[groups["month"].lower().rstrip(".")]
    year = int(groups["year"]) if groups.get("year") else None
    relative = year is None
    if kind == "month":
        if document_date is None:
            return None
        kind, year = "month-year", _closest_year(month, 1, document_date)
    if kind == "month-year":
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}", dt.date(year, month, 1), dt.date(year, month, last), relative
    day = int(groups["day"])
    if year is None:
        if document_date is None:
            return None
        year = _closest_year(month, day, document_date)
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    return found.isoformat(), found, found, relative


def _closest_year(month: int, day: int, document_date: dt.date) -> int:
    """The year that puts day and month nearest the document's date (a cable of 2 January 1950
    speaking of "28 December" means 1949)."""
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day) - document_date).days)
        except ValueError:
            return 10**6
    return min((document_date.year - 1, document_date.year, document_date.year + 1), key=distance)


def _weekday(which: str, weekday: int, document_date: dt.date | None):
    """ "next Friday" is the first Friday after the document's date, "last Friday" the one before;
    "on Friday" / "this Friday" the nearest one, looking back first (reports tell what happened)."""
    if document_date is None:
        return None
    ahead = (weekday - document_date.weekday()) % 7
    if which == "next":
        offset = ahead or 7
    elif which == "last":
        offset = ahead - 7 if ahead else -7
    else:
        back = ahead - 7 if ahead else 0
        offset = back if -back <= ahead or ahead == 0 else ahead
    day = document_date + dt.timedelta(days=offset)
    return day.isoformat(), day, day, True


def _month_word_is_a_verb(kind: str, match: re.Match, text: str) -> bool:
    if kind != "month-day" or match.group("month").lower() not in ("may", "march"):
        return False
    return bool(NOT_A_MONTH_AFTER.match(text[match.end():match.end() + 8]))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for boundary in SENTENCE_END.finditer(text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    return spans


def _sentence_at(spans: list[tuple[int, int]], text: str, position: int) -> str:
    for start, end in spans:
        if start <= position < end:
            return " ".join(text[start:end].split())
    return ""
