"""The timeline of a search: its documents per decade, year, month or day, and the days its documents'
texts mention in each period (enrich's text dates, the index's `mentioned` column: each day once per
document).

Tantivy counts both layers per day (histograms of one-day buckets, side by side), which are summed
into calendar periods of any unit; over most of the index, from the other side: the whole index's
days, counted once per commit, less those of the documents that do not match (as facets are counted).
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import accumulate

import tantivy

from archivist.pictures.scope import BadRequest, Scope, count, everything, side_by_side
from archivist.search.facets import by_complement, not_matching
from archivist.search.query import date_span
from archivist.search.service import Matching

UNITS = ("decade", "year", "month", "day")
MAX_PERIODS = 500  # a finer unit asked for a longer span is coarsened, with a notice
# The unit chosen when none is asked for: the first whose periods the span does not outnumber.
DECADES_ABOVE_YEARS, YEARS_ABOVE_MONTHS, MONTHS_ABOVE_DAYS = 60, 36, 62


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    unit: str

    @property
    def label(self) -> str:
        return {"decade": f"{self.start.year}", "year": f"{self.start.year}",
                "month": f"{self.start:%Y-%m}", "day": self.start.isoformat()}[self.unit]

    @property
    def bounds(self) -> tuple[str, str]:
        """Its From and To as the search form writes them (1960 to 1969, 1962-10 to 1962-10)."""
        if self.unit == "decade":
            return str(self.start.year), str(self.end.year)
        return self.label, self.label


def for_search(scope: Scope, unit: str = "") -> dict:
    """Documents per period of `unit` (else the unit the span suits), each period with the address of
    the search narrowed to it and of its timeline one unit finer; from the search's From (else its first
    dated document) to its To (else its last)."""
    if unit and unit not in UNITS:
        raise BadRequest(f"unit must be one of {', '.join(UNITS)}, not {unit[:40]!r}")
    found = scope.found()
    notices = found.notices
    low, high = date_span(scope.get("from"), scope.get("to"), [])
    picture = {"unit": unit or None, "from": None, "to": None, "total": 0, "undated": 0,
               "out": None, "periods": [], "notices": notices}
    if found.query is None:
        return picture
    picture["total"] = count(found)
    days, mentioned_days = _days(found, picture["total"])
    picture["undated"] = picture["total"] - sum(days.values())
    if not days:
        return picture
    earliest, latest = dt.date.fromordinal(min(days)), dt.date.fromordinal(max(days))
    first, last = low or earliest, high or latest  # a zoomed year shows all its months
    if last.year - first.year > 10 * MAX_PERIODS:  # "from 0001 to 9999": only where documents are
        first, last = max(first, earliest), min(last, latest)
    unit = _unit(first, last, unit, notices)
    periods = _periods(first, last, unit)
    documents, mentioned = _per_period(days, periods), _per_period(mentioned_days, periods)
    picture.update({"unit": unit, "from": first.isoformat(), "to": last.isoformat(),
                    "out": _out(scope, unit, first)})
    finer = UNITS[UNITS.index(unit) + 1] if unit != "day" else None
    picture["periods"] = [
        {"period": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
         "documents": documents[i], "mentioned": mentioned[i],
         "search": scope.url("/search", _between(period, low, high), drop=("from", "to")),
         "zoom": scope.url("/timeline", [*_between(period, low, high), ("unit", finer)],
                           drop=("from", "to", "unit")) if finer else None}
        for i, period in enumerate(periods)]
    return picture


def _unit(first: dt.date, last: dt.date, asked: str, notices: list[str]) -> str:
    """The unit asked for, unless it makes more than MAX_PERIODS periods (decades are always shown:
    for_search keeps a wider span to where documents are); else the unit the span suits, which is then
    a coarser one."""
    if asked == "decade" or (asked and len(_periods(first, last, asked, MAX_PERIODS + 1)) <= MAX_PERIODS):
        return asked
    if asked:
        notices.append(f"{first.isoformat()} to {last.isoformat()} in {asked}s makes more than "
                       f"{MAX_PERIODS} periods: shown in a coarser unit.")
    if last.year - first.year + 1 > DECADES_ABOVE_YEARS:
        return "decade"
    if (last.year - first.year) * 12 + last.month - first.month + 1 > YEARS_ABOVE_MONTHS:
        return "year"
    return "month" if (last - first).days + 1 > MONTHS_ABOVE_DAYS else "day"


def _out(scope: Scope, unit: str, first: dt.date) -> str | None:
    """The timeline one step out: of a month's days, its year's months; of a year's months, its decade's
    years; else the search without its From and To (none when it has neither)."""
    if not (scope.get("from") or scope.get("to")):
        return None
    if unit in ("decade", "year"):
        return scope.url("/timeline", drop=("from", "to"))
    wider = UNITS[UNITS.index(unit) - 2]
    start = _start_of(first, wider)
    enclosing = Period(start, _end_of(start, wider), wider)
    return scope.url("/timeline", [("from", enclosing.bounds[0]), ("to", enclosing.bounds[1]),
                                   ("unit", UNITS[UNITS.index(unit) - 1])], drop=("from", "to"))


def _periods(first: dt.date, last: dt.date, unit: str, most: int | None = None) -> list[Period]:
    """The calendar periods of `unit` from the one holding `first` to the one holding `last` (stopping
    after `most`)."""
    periods: list[Period] = []
    start = _start_of(first, unit)
    while start <= last and (most is None or len(periods) < most):
        end = _end_of(start, unit)
        periods.append(Period(start, end, unit))
        if end >= dt.date.max:
            break
        start = end + dt.timedelta(days=1)
    return periods


def _start_of(day: dt.date, unit: str) -> dt.date:
    if unit == "decade":
        return dt.date(max(1, day.year - day.year % 10), 1, 1)
    if unit == "year":
        return dt.date(day.year, 1, 1)
    if unit == "month":
        return dt.date(day.year, day.month, 1)
    return day


def _end_of(start: dt.date, unit: str) -> dt.date:
    if unit == "decade":
        return dt.date(min(9999, start.year - start.year % 10 + 9), 12, 31)
    if unit == "year":
        return dt.date(start.year, 12, 31)
    if unit == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


Days = dict[int, int]  # day (ordinal) -> documents dated that day, or mentioning it


def _days(found: Matching, total: int) -> tuple[Days, Days]:
    """The search's documents per day, and its documents' mentions per day."""
    if found.pending is None and by_complement(found.searcher, total, total):
        if "pictures.days" not in found.cache:
            found.cache["pictures.days"] = _count_days(found.searcher, everything())
        whole = found.cache["pictures.days"]
        outside = _count_days(found.searcher, not_matching(found.query))
        return tuple(_less(layer, other) for layer, other in zip(whole, outside, strict=True))
    return _count_days(found.searcher, found.query)


def _less(days: Days, outside: Days) -> Days:
    return {day: n - outside.get(day, 0) for day, n in days.items() if n > outside.get(day, 0)}


def _count_days(searcher: tantivy.Searcher, query: tantivy.Query) -> tuple[Days, Days]:
    """Documents of `query` per day of their date, and per day their texts mention (two passes, side by
    side)."""
    def per_day(field: str) -> Callable[[], dict]:
        return partial(searcher.aggregate, query,
                       {"days": {"histogram": {"field": field, "interval": 1, "min_doc_count": 1}}})

    return tuple({int(bucket["key"]): bucket["doc_count"] for bucket in result["days"]["buckets"]}
                 for result in side_by_side(per_day("date"), per_day("mentioned")))


def _per_period(days: Days, periods: list[Period]) -> list[int]:
    """The day counts summed per period (the days in order, each period a slice of them)."""
    ordered = sorted(days)
    running = list(accumulate((days[day] for day in ordered), initial=0))
    sums = []
    for period in periods:
        start = bisect_left(ordered, period.start.toordinal())
        end = bisect_right(ordered, period.end.toordinal())
        sums.append(running[end] - running[start])
    return sums


def _between(period: Period, low: dt.date | None, high: dt.date | None) -> list[tuple[str, str]]:
    """From and To narrowing the search to the period, within its own From and To (a search from 15
    October stays from 15 October in its October)."""
    start, end = period.bounds
    if low and period.start < low:
        start = low.isoformat()
    if high and period.end > high:
        end = high.isoformat()
    return [("from", start), ("to", end)]
