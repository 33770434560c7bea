"""Which scanned pages of a result hold the query's words: a hit names its pages.

A document's page texts are part of its index entry (documents.IndexedDocument.pages: one value of
the body and match fields per page, so a phrase never spans two pages). The index also stores, for
each page, its number, its text as written (for the snippet), and its words as the index's own
analyzer reads them: the tokens Tantivy indexed, and those of the page's reading (pinyin of its
Chinese characters), each joined by spaces. For the results on the page shown, a page holds a
clause of the query when its tokens do, found by a substring search of the joined tokens: a word as
a whole token, a phrase as its tokens side by side, a prefix (word*) as a token so starting. That is
the index's own matching, and costs a scan of memory rather than tokenizing every page of every
result again (500 pages of Chinese took 1.5 s to tokenize, OpenCC's conversion of traditional
characters included; 500 pages of English 0.1 s). The query matched the document as a whole, so its
words may lie on different pages: the pages holding the most of the query's groups come first. The
snippet of a page is made as a result's snippet is (search.snippets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from archivist.search import snippets
from archivist.search.query import Clause, ParsedQuery, analyze
from archivist.search.schema import READING_FIELD, analyzer

MAX_PAGES = 3  # pages named per result: the best ones, the document's page holds the rest
# Fields of the query language whose clauses a page's text can satisfy: the words a document matches
# by (no prefix), its texts (body:, text:), and the pinyin reading of its Chinese characters.
PAGE_FIELDS = (None, "body", READING_FIELD)
_ANALYZER = analyzer()


@dataclass
class PageHit:
    number: int
    snippet: str  # HTML: escaped text with <mark> around the matches
    url: str  # the document's page opened on this scan page, showing the search's hits


def stored(pages: list[tuple[int, str, str, str]]) -> bytes:
    """What the index stores of a document's pages, from (number, text, text as the index reads it
    (schema.searchable), its reading (schema.reading))."""
    return json.dumps([[number, text, _tokens(indexed), _tokens(read)]
                       for number, text, indexed, read in pages], ensure_ascii=False).encode()


def _tokens(indexed: str) -> str:
    """The analyzer's tokens of a text, each between spaces (tokens hold no spaces)."""
    return f" {' '.join(_ANALYZER.analyze(indexed))} " if indexed else " "


def page_hits(record_id: str, pages: bytes | None, parsed: ParsedQuery, q: str,
              words: list[snippets.Word]) -> list[PageHit]:
    """Up to MAX_PAGES pages of a result whose text holds words of the query, the pages holding the
    most of its groups first, then in page order; `pages` is the index's stored value (`stored`),
    `words` the snippet matcher of the query (snippets.matcher)."""
    groups = [[(clause, _wanted(clause)) for clause in group if clause.field in PAGE_FIELDS]
              for group in parsed.groups if not group[0].negated]
    groups = [[(clause, wanted) for clause, wanted in group if wanted] for group in groups]
    groups = [group for group in groups if group]
    if not pages or not groups:
        return []
    scored = []
    for number, text, tokens, read in json.loads(pages):
        held = sum(any(wanted in (read if clause.field == READING_FIELD else tokens)
                       for clause, wanted in group) for group in groups)
        if held:
            scored.append((-held, number, text))
    best = sorted(scored)[:MAX_PAGES]
    marked = snippets.snippets([text for _, _, text in best], words)
    return [PageHit(number, snippet or snippets.beginning(text), page_url(record_id, number, q))
            for (_, number, text), snippet in zip(best, marked, strict=True)]


def _wanted(clause: Clause) -> str:
    """What the spaced tokens of a page hold where the clause matches: its tokens side by side, the
    last one whole, or only begun for a prefix; "" for a clause with no tokens."""
    tokens = analyze(clause.text)
    if not tokens:
        return ""
    return f" {' '.join(tokens)}" + ("" if clause.prefix else " ")


def page_url(record_id: str, number: int, q: str) -> str:
    """The document page opened on scan page `number`, with the search's words for its viewer."""
    return f"/documents/{quote(record_id)}?{urlencode({'page': number, 'q': q})}#scan"
