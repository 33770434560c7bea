"""Pairs of frequent words, indexed as one term each, so that a phrase of frequent words costs a lookup.

A phrase of two words nearly every document holds ("of the", "in the") made Tantivy read both words'
positions in nearly every document: 1.3 s at 1,000,000 documents, holding a worker all along. So each
run of two or more frequent words in a text the index matches by is also indexed, in the `pairs`
field, as its adjacent pairs ("out of the way": "out_of of_the"), one value a run (a phrase never
spans two runs). A quoted phrase made only of frequent words then becomes one term ("of the":
`of_the`) or a phrase of pair terms ("in the of the": `in_the the_of of_the`) of that field: the
same documents, found from postings as long as the phrase's own matches, and counted exactly.
A phrase with any other word stays a phrase of words: Tantivy starts it from its rarest word.

Which words are frequent: the packaged list below (function words of English, French, German,
Spanish and Russian), or the words of the file ARCHIVIST_FREQUENT_WORDS names. The list's fingerprint
is part of the index's schema, so an index made with another list asks for `archivist reindex`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import AnyStr

import tantivy

from archivist.config import SettingError, setting

PAIRS_FIELD = "pairs"
PAIRS_ANALYZER = "pairs"  # the pairs arrive as the index's analyzer made their words
JOIN = "_"  # never inside a word: the simple tokenizer splits at it
PACKAGED = """
the of and to a in is that for it as was with be by on not he this are or his from at which but have an
had they you were their one all we can her has there been if more when will would who so no its into
than them only could these may then do any such our should shall also upon
le la les de des du un une et est en que qui dans pour par sur au aux ne pas il elle ce se sont
der die das und den dem des ein eine zu ist im nicht von mit sich auf für als auch es an
el los las y que en por con para se del al lo su es una
и в не на что с по как к это из о от а но за то у же для он его
"""


def frequent_list() -> str:
    """The frequent words as written: the file ARCHIVIST_FREQUENT_WORDS names, or the packaged list."""
    name = setting("ARCHIVIST_FREQUENT_WORDS")
    if not name:
        return PACKAGED
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SettingError(f"ARCHIVIST_FREQUENT_WORDS: cannot read {name}: {error}") from error


def fingerprint() -> str:
    """12 hex digits naming the frequent words, for the schema (another list, another schema)."""
    return hashlib.blake2b(" ".join(sorted(frequent_list().split())).encode(), digest_size=6).hexdigest()


@cache
def frequent_words() -> frozenset[str]:
    """The frequent words as the index reads them (lowercase, folded to ASCII, ё as е); read once a
    process, as the schema is."""
    from archivist.search.schema import searchable

    return frozenset(token for word in frequent_list().split() for token in _tokens(searchable(word)))


_WORDS = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
          .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _tokens(text: str) -> list[str]:
    """The index analyzer's words, long ones kept (dropped, they would make their neighbours a pair)."""
    return _WORDS.analyze(text)


def analyzer() -> tantivy.TextAnalyzer:
    """The pairs field's: its values are pair terms already, separated by spaces."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def runs(text: str) -> list[str]:
    """The pair terms of each run of frequent words in `text` (already `searchable`), a run a value."""
    if text.isascii():  # most texts: the same words, split at C speed instead of by the analyzer
        words = text.encode().lower().translate(_ASCII_SPACES).split()
        return [run.decode() for run in _runs_of(words, _ascii_frequent(), JOIN.encode())]
    return _runs_of(_tokens(text), frequent_words(), JOIN)


# On ASCII text the analyzer's words are the runs of letters and digits (Rust's is_alphanumeric),
# lowercased (ASCII folding changes nothing): every other byte becomes a space, then split.
_ASCII_SPACES = bytes(byte if chr(byte).isalnum() and byte < 128 else ord(" ") for byte in range(256))


@cache
def _ascii_frequent() -> frozenset[bytes]:
    return frozenset(word.encode() for word in frequent_words() if word.isascii())


def _runs_of(words: list[AnyStr], frequent: frozenset[AnyStr], join: AnyStr) -> list[AnyStr]:
    """The pair terms of each run of frequent `words` in a row, a run a value (pair terms spaced)."""
    space = b" " if isinstance(join, bytes) else " "
    runs: list[AnyStr] = []
    run: list[AnyStr] = []
    previous = None
    for word in words:  # the hot loop of indexing: plain comparisons and set lookups only
        if previous is not None and word in frequent:
            run.append(previous + join + word)
        elif run:
            runs.append(space.join(run))
            run = []
        previous = word if word in frequent else None
    if run:
        runs.append(space.join(run))
    return runs


def pair_terms(tokens: list[str]) -> list[str] | None:
    """A phrase's words (as analyzed) as pair terms, when it has two or more and all are frequent."""
    frequent = frequent_words()
    if len(tokens) < 2 or not all(token in frequent for token in tokens):
        return None
    return [first + JOIN + second for first, second in zip(tokens, tokens[1:], strict=False)]
