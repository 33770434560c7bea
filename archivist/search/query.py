"""The query language researchers type, read into clauses and turned into a Tantivy query.

    words           every word must match (title, summary, names and body)
    "a phrase"      the words side by side
    a OR b          either
    -word           must not match
    prefix*         any word starting so
    title: person: place: topic: subject: language: archive: body: summary:   search one field
    reading:"zhou en lai"   Chinese characters read so in pinyin (and Cyrillic without soft signs)
    year:1950  year:1950-1955
    from:1950-03  to:1955       dated within (a year, a month or a day)

Malformed syntax never fails: it is read as plain words and a notice says so. Beyond MAX_LENGTH
characters or MAX_TERMS terms the rest is ignored, with a notice naming it; a query with nothing to
search for finds nothing, with a notice (nothing_to_find).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

import tantivy

from archivist.search import pairs
from archivist.search.schema import BOOSTED_FIELDS, MATCH_FIELD, POSITION_ID, SCHEMA, analyzer, searchable

FIELD_NAMES = {"title": "title", "summary": "summary", "body": "body", "text": "body",
               "person": "person", "people": "person", "org": "person", "organization": "person",
               "place": "place", "topic": "topic", "subject": "subject", "language": "language",
               "archive": "archive", "reading": "reading", "year": "year", "from": "from", "to": "to"}
TOKEN = re.compile(r'(-)?(?:([A-Za-z]+):)?(?:"([^"]*)"|([^\s"]+))')
YEARS = re.compile(r"(\d{4})(?:(?:-|\.\.)(\d{4}))?")
DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
EMPTY_FIELD = re.compile(r"([A-Za-z]+):")
MAX_LENGTH = 500  # characters: a long sentence pasted whole still fits
MAX_TERMS = 32  # words, phrases and fields (each side of an OR counts): each is a query of its own
MAX_PREFIXES = 4  # word*: each reads every word so starting, 0.1-0.2 s on a million documents
QUOTED = 60  # characters of ignored text repeated in a notice
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
    text = _within_length(text, parsed.notices)
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
    parsed.groups = _within_prefixes(_within_terms(parsed.groups, parsed.notices), parsed.notices)
    _put_dates_in_order(parsed)
    return parsed


def nothing_to_find(text: str, parsed: ParsedQuery, restricted: bool) -> str | None:
    """The notice for a query with nothing to search for (`***`, `""`, `title:`, or only exclusions),
    which then finds no documents rather than every one; None when it has something to find.

    A blank query browses every document: that is intended. Exclusions alone still narrow a facet choice
    or a date range (`restricted`), which is something to find.
    """
    if not text.strip() or any(not group[0].negated for group in parsed.groups):
        return None
    if not parsed.groups:
        return (f'Nothing to search for in "{_quoted(text)}": type a word, a "phrase" or a field such as '
                "year:1950.")
    if restricted:
        return None
    return (f'"{parsed}" only excludes, so it finds nothing: add a word to search for, or choose a facet '
            "or dates for the exclusions to narrow.")


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[:QUOTED] + "…"


def _within_length(text: str, notices: list[str]) -> str:
    """The query's first MAX_LENGTH characters, cut between words where it can be."""
    if len(text) <= MAX_LENGTH:
        return text
    kept = text[:MAX_LENGTH]
    if not text[MAX_LENGTH].isspace():
        kept = re.sub(r"\S+\Z", "", kept).rstrip() or kept  # the word the limit falls in goes whole
    notices.append(f"The query is longer than {MAX_LENGTH} characters: the rest was ignored "
                   f'("{_quoted(text[len(kept):])}").')
    return kept


def _within_terms(groups: list[list[Clause]], notices: list[str]) -> list[list[Clause]]:
    """The groups holding the first MAX_TERMS clauses."""
    kept: list[list[Clause]] = []
    ignored: list[Clause] = []
    room = MAX_TERMS
    for group in groups:
        if room > 0:
            kept.append(group[:room])
        ignored += group[room:]
        room -= len(group)
    if ignored:
        notices.append(f"Only the first {MAX_TERMS} terms are searched: the rest was ignored "
                       f'("{_quoted(" ".join(map(str, ignored)))}").')
    return kept


def _within_prefixes(groups: list[list[Clause]], notices: list[str]) -> list[list[Clause]]:
    """The first MAX_PREFIXES prefixes as they are; the others searched as whole words."""
    seen, whole = 0, []

    def limited(clause: Clause) -> Clause:
        nonlocal seen
        seen += clause.prefix
        if not clause.prefix or seen <= MAX_PREFIXES:
            return clause
        whole.append(replace(clause, prefix=False, phrase=len(analyze(clause.text)) > 1))
        return whole[-1]

    groups = [[limited(c) for c in group] for group in groups]
    if whole:
        notices.append(f"Only the first {MAX_PREFIXES} prefixes are searched as prefixes: the others were "
                       f'searched as whole words ("{_quoted(" ".join(map(str, whole)))}").')
    return groups


def _put_dates_in_order(parsed: ParsedQuery) -> None:
    """from: after to: is read the other way round, with a notice, rather than finding nothing."""
    bounds = {c.field: c for group in parsed.groups for c in group
              if c.field in ("from", "to") and not c.negated}
    if len(bounds) < 2:
        return
    low, high = bounds["from"], bounds["to"]
    if date_bound(low.text, last=False) <= date_bound(high.text, last=True):
        return
    parsed.notices.append(f"{low} is after {high}: the dates were read the other way round.")
    swapped = {low: replace(low, text=high.text), high: replace(high, text=low.text)}
    parsed.groups = [[swapped.get(c, c) for c in group] for group in parsed.groups]


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
        years = YEARS.fullmatch(word)
        if years and years[2] and years[1] > years[2]:
            notices.append(f"year:{word} ends before it starts: it was read as year:{years[2]}-{years[1]}.")
            return [Clause(f"{years[2]}-{years[1]}", "year", negated=negated)]
        if years:
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
    if not prefix and (empty := EMPTY_FIELD.fullmatch(word)) and empty[1].lower() in FIELD_NAMES:
        notices.append(f'"{word}" has nothing after it to search for: it was ignored.')
        return []
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
    if terms := _pairs_of(clause):
        return [searcher.doc_freq(pairs.PAIRS_FIELD, term) for term in terms]
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


def date_span(date_from: str, date_to: str, notices: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """The first and last days of the search form's From and To; an end that is not a date is ignored
    and a span that ends before it starts is read the other way round, each with a notice."""
    bounds = []
    for text, last in ((date_from, False), (date_to, True)):
        try:
            bounds.append(date_bound(text, last) if (text or "").strip() else None)
        except ValueError:
            notices.append(f'"{_quoted(text)}" is not a date like 1950, 1950-03 or 1950-03-15: '
                           "it was ignored.")
            bounds.append(None)
    low, high = bounds
    if low and high and low > high:
        notices.append(f"From {date_from} is after to {date_to}: the dates were read the other way round.")
        low, high = date_bound(date_to, last=False), date_bound(date_from, last=True)
    return low, high


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
    if clause.field or not ranked or _pairs_of(clause):
        # A phrase of frequent words is scored by its pairs alone: each boosted field's phrase would
        # read the words' positions in nearly every document, which is what the pairs avoid.
        return _field_query(clause.field or MATCH_FIELD, clause)
    # The boosted fields are all within MATCH_FIELD, so this matches exactly the same documents.
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, _field_query(MATCH_FIELD, clause))]
        + [(tantivy.Occur.Should, tantivy.Query.boost_query(_field_query(name, clause), boost))
           for name, boost in BOOSTED_FIELDS.items()])


def _pairs_of(clause: Clause) -> list[str] | None:
    """The pair terms of a phrase of frequent words searched in the default fields (search.pairs)."""
    if clause.field is not None or clause.prefix or not clause.phrase:
        return None
    return pairs.pair_terms(analyze(clause.text))


def _field_query(name: str, clause: Clause) -> tantivy.Query:
    if name == MATCH_FIELD and (terms := _pairs_of(clause)):
        if len(terms) == 1:
            return tantivy.Query.term_query(SCHEMA, pairs.PAIRS_FIELD, terms[0])
        return tantivy.Query.phrase_query(SCHEMA, pairs.PAIRS_FIELD, terms)
    tokens = analyze(clause.text)
    if clause.prefix:
        if len(tokens) == 1:
            return tantivy.Query.regex_query(SCHEMA, name, re.escape(tokens[0]) + ".*")
        return tantivy.Query.phrase_prefix_query(SCHEMA, name, tokens)
    if len(tokens) == 1:
        return tantivy.Query.term_query(SCHEMA, name, tokens[0])
    return tantivy.Query.phrase_query(SCHEMA, name, tokens)
