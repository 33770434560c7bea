"""Offices read from an authority's description, with the dates it gives for each.

"Under Secretary of State until December 1961; thereafter Ambassador to France" becomes two offices
with their date ranges, so "Ambassador Bohlen" or "the Secretary" can be checked against the office
someone held on a document's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from archivist.enrich.names import tokens, wordset

MONTH_NAMES = [m.lower() for m in calendar.month_name[1:]]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = rf"(?:{_MONTH}\s+(?:\d{{1,2}},?\s+)?)?\d{{4}}"
RANGE = re.compile(rf"\b(?:from\s+)?({DATE})\s+(?:to|until|through)\s+({DATE})")
MONTH_RANGE = re.compile(rf"\b({_MONTH})\s*[-–]\s*({_MONTH})\s+(\d{{4}})")
START = re.compile(rf"\b(?:from|since|after|beginning)\s+({DATE})")
END = re.compile(rf"\b(?:until|through|till)\s+({DATE})")
DURING = re.compile(r"\b(?:during|in)\s+(\d{4})\b")
THEREAFTER = re.compile(r"\bthereafter\b", re.I)
FILLER = wordset("of the for and to from until in on at a an")


@dataclass(frozen=True)
class Office:
    """An office or role: its significant words and the dates it was held (None when open)."""

    words: frozenset[str]
    start: dt.date | None = None
    end: dt.date | None = None
    title: tuple[str, ...] = ()  # its words in order, "secretary of state", to match "the Secretary"

    def held_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def parse_day(text: str, last: bool = False) -> dt.date:
    """ "November 22, 1963" / "November 1963" / "1963": the first (or last) day it can mean."""
    parts = text.replace(",", " ").split()
    year = int(parts[-1])
    if len(parts) == 1:
        return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
    month = MONTH_NAMES.index(parts[0].lower()) + 1
    if len(parts) == 3:
        return dt.date(year, month, int(parts[1]))
    return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def parse_offices(description: str) -> list[Office]:
    """The offices in a description, one per ";"-separated part, with the dates each gives."""
    offices: list[Office] = []
    for part in re.split(r";|\band thereafter\b", description):
        start = end = None
        if match := RANGE.search(part):
            start, end = parse_day(match[1]), parse_day(match[2], last=True)
        elif match := MONTH_RANGE.search(part):
            start = parse_day(f"{match[1]} {match[3]}")
            end = parse_day(f"{match[2]} {match[3]}", last=True)
        else:
            if match := START.search(part):
                start = parse_day(match[1])
            if match := END.search(part):
                end = parse_day(match[1], last=True)
            if match := DURING.search(part):
                start, end = parse_day(match[1]), parse_day(match[1], last=True)
        if THEREAFTER.search(part) and start is None and offices and offices[-1].end:
            start = offices[-1].end + dt.timedelta(days=1)
        title = _office_title(part)
        words = frozenset(t for t in title if t not in FILLER)
        if words:
            offices.append(Office(words, start, end, title))
    return offices


def _office_title(part: str) -> tuple[str, ...]:
    for pattern in (RANGE, MONTH_RANGE, START, END, DURING, THEREAFTER):
        part = pattern.sub(" ", part)
    return tuple(t for t in tokens(part) if not t.isdigit())
