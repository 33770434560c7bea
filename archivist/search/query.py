"""The query language researchers type, read into clauses and turned into a Tantivy query.

    words           every word must match (title, summary, names and body)
    "a phrase"      the words side by side
    a OR b          either
    -word           must not match
    prefix*         any word starting so
    title: person: place: topic: subject: language: archive: body: summary:   search one field
    year:1950  year:1950-1955
    from:1950-03  to:1955       dated within (a year, a month or a day)

Malformed syntax never fails: it is read as plain words and a notice says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import tantivy

from archivist.search.schema import BOOSTED_FIELDS, MATCH_FIELD, POSITION_ID, SCHEMA, analyzer, searchable

FIELD_NAMES = {"title": "title", "summary": "summary", "body": "body", "text": "body",
               "person": "person", "people": "person", "org": "person", "organization": "person",
               "place": "place", "topic": "topic", "subject": "subject", "language": "language",
               "archive": "archive", "year": "year", "from": "from", "to": "to"}
TOKEN = re.compile(r'(-)?(?:([A-Za-z]+):)?(?:"([^"]*)"|([^\s"]+))')
YEARS = re.compile(r"(\d{4})(?:(?:-|\.\.)(\d{4}))?")
DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_ANALYZER = analyzer()


def analyze(text: str) -> list[str]:
    return _ANALYZER.analyze(searchable(text))


@dataclass(frozen=True)
class Clause:
    text: str
    field: str | None = None  # None: the default fields
    phrase: bool = False
    prefix: bool = False
    negated: bool = False

    def __str__(self) -> str:
        value = f'"{self.text}"' if self.phrase else self.text + ("*" if self.prefix else "")
        return ("-" if self.negated else "") + (f"{self.field}:" if self.field else "") + value


@dataclass
class ParsedQuery:
    """All groups must match; any clause of a group may. Negated clauses stand alone."""

    groups: list[list[Clause]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(" OR ".join(str(c) for c in group) for group in self.groups)

    def as_json(self) -> dict:
        return {"normalized": str(self), "notices": self.notices,
                "groups": [[{"text": c.text, "field": c.field, "phrase": c.phrase, "prefix": c.prefix,
                             "negated": c.negated} for c in group] for group in self.groups]}


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    if text.count('"') % 2:
        parsed.notices.append('An unmatched quotation mark was ignored: the words are read as plain words.')
        text = text.replace('"', " ")
    join_next = False
    for match in TOKEN.finditer(text):
        negated, prefix, phrase, word = bool(match[1]), match[2], match[3], match[4]
        if word == "OR" and not negated and not prefix:
            if parsed.groups and not join_next and not parsed.groups[-1][-1].negated:
                join_next = True
            else:
                parsed.notices.append("OR needs a word on each side: it was ignored.")
            continue
        for clause in _clauses(negated, prefix, phrase, word, parsed.notices):
            if join_next and not clause.negated:
                parsed.groups[-1].append(clause)
            else:
                parsed.groups.append([clause])
            join_next = False
    if join_next:
        parsed.notices.append("OR needs a word on each side: it was ignored.")
    return parsed


def _clauses(negated: bool, prefix: str | None, phrase: str | None, word: str | None,
             notices: list[str]) -> list[Clause]:
    field_name = None
    if prefix:
        field_name = FIELD_NAMES.get(prefix.lower())
        if field_name is None:
            notices.append(f'There is no field "{prefix}:": it was read as a plain word.')
            parts = (prefix, phrase or word)
            return [c for part in parts for c in _clauses(negated, None, None, part, notices)]
    if phrase is not None and field_name in ("year", "from", "to"):
        phrase, word = None, phrase.strip()
    if phrase is not None:
        return [Clause(phrase.strip(), field_name, phrase=True, negated=negated)] if analyze(phrase) else []
    if field_name == "year":
        if YEARS.fullmatch(word):
            return [Clause(word, "year", negated=negated)]
        notices.append(f'"year:{word}" is not a year or a range like 1950-1955: it was read as a plain word.')
        field_name = None
    if field_name in ("from", "to"):
        try:
            date_bound(word, last=field_name == "to")
            return [Clause(word, field_name, negated=negated)]
        except ValueError:
            notices.append(f'"{field_name}:{word}" is not a date like 1950, 1950-03 or 1950-03-15: '
                           "it was read as a plain word.")
            field_name = None
    stem = word.rstrip("*")
    tokens = analyze(stem)
    if not tokens:
        return []
    is_prefix = word.endswith("*")
    return [Clause(stem, field_name, phrase=len(tokens) > 1 and not is_prefix, prefix=is_prefix,
                   negated=negated)]


def to_tantivy(parsed: ParsedQuery, ranked: bool) -> tantivy.Query:
    """The documents matching the query (no clauses: every document). Ranked, it also scores matches
    in the title, summary and names higher; unranked it matches the same documents at less cost, for
    counting and for sorting by date."""
    must = [_group_query(group, ranked) for group in parsed.groups if not group[0].negated]
    must_not = [_clause_query(group[0], False) for group in parsed.groups if group[0].negated]
    if len(must) == 1 and not must_not:
        return must[0]  # wrapped alone in another query, it costs Tantivy a third more
    if not must:  # every document, but not the indexer's position, which is a document too
        must = [tantivy.Query.all_query()]
        must_not.append(tantivy.Query.term_query(SCHEMA, "record_id", POSITION_ID))
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must]
                                       + [(tantivy.Occur.MustNot, q) for q in must_not])


def match_bounds(parsed: ParsedQuery, searcher: tantivy.Searcher) -> tuple[int, int] | None:
    """(at least, at most) documents the query matches, read from the term dictionary without running
    it, or None where that is not cheap to know (no words, prefixes, dates). A word matches the
    documents holding it: a document deleted but not yet merged away still counts, so the bounds are
    a guide for choosing how to count, never a count to show."""
    musts = [[_holding(clause, searcher) for clause in group] for group in parsed.groups
             if not group[0].negated]
    most = [sum(min(holding) for holding in group) for group in musts if None not in group]
    if not most:
        return None
    plain_words = len(parsed.groups) == 1 and all(h is not None and len(h) == 1 for h in musts[0])
    least = max(holding[0] for holding in musts[0]) if plain_words else 0
    return least, min(most)


def _holding(clause: Clause, searcher: tantivy.Searcher) -> list[int] | None:
    """How many documents hold each word of the clause; None for prefixes, dates and empty clauses."""
    tokens = analyze(clause.text)
    if clause.prefix or clause.field in ("year", "from", "to") or not tokens:
        return None
    return [searcher.doc_freq(clause.field or MATCH_FIELD, token) for token in tokens]


def _group_query(group: list[Clause], ranked: bool) -> tantivy.Query:
    if len(group) == 1:
        return _clause_query(group[0], ranked)
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, _clause_query(c, ranked)) for c in group])


def date_bound(text: str, last: bool) -> dt.date:
    """1950, 1950-03 or 1950-03-15 as the first (or last) day it covers; ValueError otherwise."""
    match = DATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(text)
    year, month = int(match[1]), int(match[2] or (12 if last else 1))
    if match[3]:
        return dt.date(year, month, int(match[3]))
    if not last:
        return dt.date(year, month, 1)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def date_range(low: dt.date | None, high: dt.date | None) -> tantivy.Query:
    """Documents whose earliest date falls within [low, high]; undated ones never do."""
    return tantivy.Query.range_query(SCHEMA, "date", tantivy.FieldType.Integer,
                                     (low or dt.date.min).toordinal(), (high or dt.date.max).toordinal())


def _clause_query(clause: Clause, ranked: bool) -> tantivy.Query:
    if clause.field == "from":
        return date_range(date_bound(clause.text, last=False), None)
    if clause.field == "to":
        return date_range(None, date_bound(clause.text, last=True))
    if clause.field == "year":
        match = YEARS.fullmatch(clause.text)
        low, high = int(match[1]), int(match[2] or match[1])
        return tantivy.Query.range_query(SCHEMA, "year_number", tantivy.FieldType.Integer, low, high)
    if clause.field or not ranked:
        return _field_query(clause.field or MATCH_FIELD, clause)
    # The boosted fields are all within MATCH_FIELD, so this matches exactly the same documents.
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, _field_query(MATCH_FIELD, clause))]
        + [(tantivy.Occur.Should, tantivy.Query.boost_query(_field_query(name, clause), boost))
           for name, boost in BOOSTED_FIELDS.items()])


def _field_query(name: str, clause: Clause) -> tantivy.Query:
    tokens = analyze(clause.text)
    if clause.prefix:
        if len(tokens) == 1:
            return tantivy.Query.regex_query(SCHEMA, name, re.escape(tokens[0]) + ".*")
        return tantivy.Query.phrase_prefix_query(SCHEMA, name, tokens)
    if len(tokens) == 1:
        return tantivy.Query.term_query(SCHEMA, name, tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, name, tokens)
