"""Which scanned pages of a result hold the query's words: a hit names its pages.

A document's page texts are part of its index entry (documents.IndexedDocument.pages: one value of
the body and match fields per page, so a phrase never spans two pages) and are stored with their page
numbers. For the results on the page shown, each stored page is read by the index's own analyzer
(query.analyze, the same tokens Tantivy indexed) and a page holds a clause of the query when its tokens
do: a word, a phrase as consecutive tokens, a prefix as a token so starting. The query matched the
document as a whole, so its words may lie on different pages: the pages holding the most of the
query's groups come first. The snippet of a page is made as a result's snippet is (search.snippets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from archivist.search import snippets
from archivist.search.query import Clause, ParsedQuery, analyze
from archivist.search.schema import READING_FIELD, reading

MAX_PAGES = 3  # pages named per result: the best ones, the document's page holds the rest
# Fields of the query language whose clauses a page's text can satisfy: the words a document matches
# by (no prefix), its texts (body:, text:), and the pinyin reading of its Chinese characters.
PAGE_FIELDS = (None, "body", READING_FIELD)


@dataclass
class PageHit:
    number: int
    snippet: str  # HTML: escaped text with <mark> around the matches
    url: str  # the document's page opened on this scan page, showing the search's hits


def page_hits(record_id: str, stored: bytes | None, parsed: ParsedQuery, q: str,
              words: list[snippets.Word]) -> list[PageHit]:
    """Up to MAX_PAGES pages of a result whose text holds words of the query, the pages holding the
    most of its groups first, then in page order; `stored` is the index's stored_pages value,
    `words` the snippet matcher of the query (snippets.matcher)."""
    groups = [[(c, analyze(c.text)) for c in group if c.field in PAGE_FIELDS] for group in parsed.groups
              if not group[0].negated]
    groups = [[(c, wanted) for c, wanted in group if wanted] for group in groups]
    groups = [group for group in groups if group]
    if not stored or not groups:
        return []
    scored = []
    for number, text in json.loads(stored):
        held = _groups_held(text, groups)
        if held:
            scored.append((-held, number, text))
    best = sorted(scored)[:MAX_PAGES]
    marked = snippets.snippets([text for _, _, text in best], words)
    return [PageHit(number, snippet or snippets.beginning(text), page_url(record_id, number, q))
            for (_, number, text), snippet in zip(best, marked, strict=True)]


def page_url(record_id: str, number: int, q: str) -> str:
    """The document page opened on scan page `number`, with the search's words for its viewer."""
    return f"/documents/{quote(record_id)}?{urlencode({'page': number, 'q': q})}#scan"


def _groups_held(text: str, groups: list[list[tuple[Clause, list[str]]]]) -> int:
    """How many of the query's groups the page's text holds (a group: any of its clauses)."""
    tokens = analyze(text)
    read: list[str] | None = None
    held = 0
    for group in groups:
        for clause, wanted in group:
            if clause.field == READING_FIELD and read is None:
                read = analyze(reading(text))
            if _holds(read if clause.field == READING_FIELD else tokens, wanted, clause.prefix):
                held += 1
                break
    return held


def _holds(tokens: list[str], wanted: list[str], prefix: bool) -> bool:
    """Whether the tokens hold the wanted tokens side by side, the last one as a prefix for word*."""
    *whole, last = wanted
    if not whole and not prefix:
        return last in tokens
    for end in range(len(whole), len(tokens)):
        token = tokens[end]
        if (token == last or (prefix and token.startswith(last))) and tokens[end - len(whole):end] == whole:
            return True
    return False
