"""Content Search for a published document's scans: the words of a query found in its pages' hOCR,
each hit a box on its canvas. Answered as Search 2.0 (an AnnotationPage of "highlighting" annotations)
and in the 1.0 form, which Mirador reads. Case and accents do not matter; in Chinese and Japanese, where
words are not spaced, a query's characters match consecutive characters, boxed together; traditional
and simplified Chinese characters match each other."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode

from archivist.interop.iiif import plain, urls_for
from archivist.interop.iiif.freshness import kept, pages_key
from archivist.interop.iiif.words import Word, read_lines, union, xywh
from archivist.records.models import Document
from archivist.scans.models import Page
from archivist.search.schema import simplified

PAGE_SIZE = 100
MAX_QUERY = 500  # characters
MAX_WORDS = 10
MAX_PAGE = 10_000
WORDS_KEPT = 600  # seconds a document's parsed words stay cached (a changed page makes a new key at once)
CONTEXT_WORDS = 6  # words of context on each side of a hit, for the 1.0 form's hits
# Parameters of the Search API that this service does not support: named in the answer's "ignored".
UNSUPPORTED = ("motivation", "date", "user")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


class BadQuery(ValueError):
    """A query this service refuses (a 400), with the reason."""


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]  # folded
    text: str  # as asked, for the answers' ids
    page: int
    ignored: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    page: int
    first: int  # the hit's first and last word in the page's reading order
    last: int
    text: str
    box: tuple[int, int, int, int]
    before: str
    after: str


def fold(text: str) -> str:
    """Letters and digits only, in lower case, without accents, Chinese in simplified characters: what a
    query and a word are compared by."""
    if _UNSPACED.search(text):  # traditional Chinese characters compared as simplified, as search does
        text = simplified(text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed
                   if not unicodedata.combining(c) and unicodedata.category(c)[0] in "LN")


def parse_query(parameters) -> Query:
    """The query from a request's parameters (a QueryDict): q, and page for later pages of hits."""
    text = parameters.get("q", "")
    if len(text) > MAX_QUERY:
        raise BadQuery(f"q is longer than {MAX_QUERY} characters")
    page = parameters.get("page", "1")
    if not re.fullmatch(r"[1-9]\d{0,4}", page) or int(page) > MAX_PAGE:
        raise BadQuery(f"page must be a number from 1 to {MAX_PAGE}")
    words = tuple(dict.fromkeys(w for w in (fold(part) for part in text.split()) if w))[:MAX_WORDS]
    return Query(words, text, int(page), tuple(name for name in UNSUPPORTED if name in parameters))


class PageWords(NamedTuple):
    """A page's words in reading order, ready to be compared: as printed, folded, boxed; and where in
    that order each line begins (and the last ends)."""

    number: int
    texts: list[str]
    folded: list[str]
    boxes: list[tuple[int, int, int, int]]
    line_starts: list[int]


def find(document: Document, query: Query) -> list[Hit]:
    """Every hit of the query's words in the document's pages, page by page in reading order."""
    if not query.words:
        return []
    return [hit for page in _pages_words(document) for hit in _page_hits(page, query.words)]


def _pages_words(document: Document) -> list[PageWords]:
    """The document's pages' words, read from their hOCR once while the pages do not change: a query of
    new words each time then costs only their comparison, not a new parse."""
    def read() -> list[PageWords]:
        pages = Page.objects.filter(document=document).exclude(words="").order_by("number")
        return [_page_words(page.number, read_lines(page.words, page.width, page.height)) for page in pages]

    return kept(pages_key(document, "words"), read, WORDS_KEPT)


def _page_words(number: int, lines: list[list[Word]]) -> PageWords:
    words = [word for line in lines for word in line]
    line_starts = list(itertools.accumulate((len(line) for line in lines), initial=0))
    return PageWords(number, [w.text for w in words], [fold(w.text) for w in words], [w.box for w in words],
                     line_starts)


def _page_hits(page: PageWords, wanted: tuple[str, ...]) -> list[Hit]:
    spans: set[tuple[int, int]] = set()
    for query_word in wanted:
        if _UNSPACED.search(query_word):
            spans |= _unspaced_spans(page, query_word)
        else:
            spans |= {(i, i) for i, word in enumerate(page.folded) if word == query_word}
    return [_hit(page, first, last) for first, last in sorted(spans)]


def _unspaced_spans(page: PageWords, query_word: str) -> set[tuple[int, int]]:
    """The runs of words of one line whose characters, run together, hold the query word."""
    spans = set()
    for begin, end in itertools.pairwise(page.line_starts):
        joined, owner = "", []
        for index in range(begin, end):
            joined += page.folded[index]
            owner += [index] * len(page.folded[index])
        at = joined.find(query_word)
        while at >= 0:
            spans.add((owner[at], owner[at + len(query_word) - 1]))
            at = joined.find(query_word, at + len(query_word))
    return spans


def _hit(page: PageWords, first: int, last: int) -> Hit:
    return Hit(page.number, first, last, " ".join(page.texts[first:last + 1]),
               union(page.boxes[first:last + 1]), " ".join(page.texts[max(0, first - CONTEXT_WORDS):first]),
               " ".join(page.texts[last + 1:last + 1 + CONTEXT_WORDS]))


def _window(hits: list[Hit], query: Query) -> list[Hit]:
    start = (query.page - 1) * PAGE_SIZE
    return hits[start:start + PAGE_SIZE]


def last_page(hits: list[Hit]) -> int:
    return max(1, -(-len(hits) // PAGE_SIZE))


def _url(record_id: str, query: Query, version: int, page: int | None = None) -> str:
    parameters = {"q": query.text, **({"page": page} if page and page > 1 else {})}
    return f"{urls_for.search(record_id, version)}?{urlencode(parameters)}"


def _target(record_id: str, hit: Hit) -> str:
    return f"{urls_for.canvas(record_id, hit.page)}#xywh={xywh(hit.box)}"


def _annotation_id(record_id: str, hit: Hit) -> str:
    return f"{urls_for.canvas(record_id, hit.page)}/hit/{hit.first}-{hit.last}"


def answer_v2(document: Document, query: Query, hits: list[Hit]) -> dict:
    """Content Search 2.0: one AnnotationPage of the hits, part of a collection when there are more."""
    record_id, last = document.record_id, last_page(hits)
    answer = {
        "@context": "http://iiif.io/api/search/2/context.json",
        "id": _url(record_id, query, 2, query.page), "type": "AnnotationPage",
        "items": [{"id": _annotation_id(record_id, hit), "type": "Annotation", "motivation": "highlighting",
                   "body": plain.textual_body(hit.text),
                   "target": _target(record_id, hit)} for hit in _window(hits, query)],
    }
    if last > 1:
        answer["partOf"] = {"id": _url(record_id, query, 2), "type": "AnnotationCollection",
                            "total": len(hits),
                            "first": {"id": _url(record_id, query, 2, 1), "type": "AnnotationPage"},
                            "last": {"id": _url(record_id, query, 2, last), "type": "AnnotationPage"}}
        answer["startIndex"] = (query.page - 1) * PAGE_SIZE
        if query.page < last:
            answer["next"] = {"id": _url(record_id, query, 2, query.page + 1), "type": "AnnotationPage"}
        if query.page > 1:
            answer["prev"] = {"id": _url(record_id, query, 2, query.page - 1), "type": "AnnotationPage"}
    if query.ignored:
        answer["ignored"] = list(query.ignored)
    return answer


def answer_v1(document: Document, query: Query, hits: list[Hit]) -> dict:
    """Content Search 1.0: an AnnotationList of the hits' boxes, with hits giving their words in context;
    their text escaped, since Mirador, which reads this version, shows it as HTML."""
    record_id, last, window = document.record_id, last_page(hits), _window(hits, query)
    answer = {
        "@context": ["http://iiif.io/api/presentation/2/context.json", "http://iiif.io/api/search/1/context.json"],
        "@id": _url(record_id, query, 1, query.page), "@type": "sc:AnnotationList",
        "within": {"@type": "sc:Layer", "total": len(hits), "first": _url(record_id, query, 1, 1),
                   "last": _url(record_id, query, 1, last), **({"ignored": list(query.ignored)}
                                                                if query.ignored else {})},
        "startIndex": (query.page - 1) * PAGE_SIZE,
        "resources": [{"@id": _annotation_id(record_id, hit), "@type": "oa:Annotation",
                       "motivation": "sc:painting",
                       "resource": {"@type": "cnt:ContentAsText", "chars": plain.escaped(hit.text)},
                       "on": _target(record_id, hit)} for hit in window],
        "hits": [{"@type": "search:Hit", "annotations": [_annotation_id(record_id, hit)],
                  "match": plain.escaped(hit.text), "before": plain.escaped(hit.before),
                  "after": plain.escaped(hit.after)} for hit in window],
    }
    if query.page < last:
        answer["next"] = _url(record_id, query, 1, query.page + 1)
    if query.page > 1:
        answer["prev"] = _url(record_id, query, 1, query.page - 1)
    return answer
