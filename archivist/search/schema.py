"""The index's schema and text analysis, and where the index lives.

One analyzer serves every text field: Tantivy's simple tokenizer (words are runs of letters and
digits), lowercased and folded to ASCII, so "Lüshun" and "LUSHUN" are the same word. Text reaches it
through `searchable`, which makes each Chinese or Japanese character a word of its own (phrases of
them match words written without spaces), writes traditional Chinese characters as simplified ones
(OpenCC's t2s: 周恩來 and 周恩来 are the same words) and reads "ё" as "е". This costs a fraction of
a regular expression tokenizer, which made tokenizing most of the time of indexing. What a result
shows is stored apart, as written.

The `reading` field holds the pinyin of the Chinese characters of every text, syllable by syllable,
so that a name typed in Latin letters finds it written in characters, and its Cyrillic words that
have a soft or hard sign written without it (Ельцин as Елцин), as Latin spellings drop it (Yeltsin).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import tantivy

from archivist.config import archive_home, private_folder
from archivist.search import pairs

ANALYZER = "archivist"
# Characters written without spaces between words: CJK radicals, kana, ideographs and their extensions.
CJK = re.compile("[\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# A word without a field prefix must occur in "all" (title, summary, texts, notes and the names of the
# linked people, organizations, places and subjects together, so that matching and counting are one
# term per word); these fields add to its score with their boosts.
MATCH_FIELD = "all"
BOOSTED_FIELDS = {"title": 3.0, "summary": 2.0, "names": 1.5}
# Field prefixes of the query language and the index field each one searches.
NAME_FIELDS = ("person", "place", "topic", "subject", "archive")
READING_FIELD = "reading"
TEXT_FIELDS = ("all", "title", "summary", "body", "names", *NAME_FIELDS, "language", READING_FIELD)
# Texts a result shows: stored as written (bytes fields, stored only), besides their indexed form.
STORED_TEXTS = ("title", "summary", "body", "notes")
# The texts of a document's scanned pages (PDF text layer or OCR), stored as written with their page
# numbers and words (search.pages) so that a result names the pages holding the query's words.
STORED_PAGES = "stored_pages"
# What the fields hold, as well as which fields there are: a field of this name makes an index written
# by another version of the schema another schema to Tantivy, which open_index refuses (asking for
# `archivist reindex`). Raised whenever what the fields hold changes: 2 left topics and archives out
# of the words a document matches by and stored its notes apart from its texts; 3 added the texts of
# scanned pages to the words a document matches by, and stored them by page; 4 stored each page's
# words as the index reads them too (search.pages); 5 added the pairs of frequent words (search.pairs).
SCHEMA_VERSION = 5
# Facet columns, values as stored in documents.IndexedDocument: each facet is a raw string field
# (f_<name>: filters, the whole index's totals, counts of chosen values) and, except decade (summed
# from years), a column of the values' numbers (n_<name>, facet_number), which Tantivy counts in
# about half the time, as it need not look each value up in a dictionary to merge segments' counts.
FACET_FIELDS = ("people", "places", "topics", "subjects", "languages", "archives", "decade", "year")
NUMBERED_FACETS = tuple(name for name in FACET_FIELDS if name != "decade")
ROLE_FIELDS = ("f_author", "f_recipient")
# The indexer's position in the outbox is a document of its own, committed with each batch.
POSITION_ID = "__position__"
# Tantivy's ASCII folding leaves Cyrillic alone, and Russian is mostly printed without the dots.
_YO = str.maketrans("ёЁ", "еЕ")
SIGNED_WORD = re.compile("[\u0400-\u04ff]*[ьъЬЪ][\u0400-\u04ff]*")
_NO_SIGNS = str.maketrans("", "", "ьъЬЪ")
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_to_simplified = threading.local()


def searchable(text: str) -> str:
    """Text as the index and the query parser read it."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text).translate(_YO)
    if not CJK.search(text):
        return text
    return CJK.sub(r" \g<0> ", simplified(text))


def simplified(text: str) -> str:
    """Traditional Chinese characters written as simplified ones (OpenCC t2s, character for character
    in names: 周恩來 -> 周恩来, 臺灣 -> 台湾); other text as it is."""
    converter = getattr(_to_simplified, "converter", None)
    if converter is None:  # one per thread: OpenCC's converter is not documented as thread-safe
        import opencc

        converter = _to_simplified.converter = opencc.OpenCC("t2s")
    return converter.convert(text)


def reading(text: str) -> str:
    """The pinyin of a text's Chinese characters, one syllable a word without tones ("周恩來總理" ->
    "zhou en lai zong li"), and its Cyrillic words with a soft or hard sign without it ("Ельцин" ->
    "Елцин"); "" for a text with neither. pypinyin reads words, not only characters, so 重庆 is
    "chong qing" and not "zhong qing"."""
    if text.isascii():
        return ""
    words = [word.translate(_NO_SIGNS) for word in SIGNED_WORD.findall(text)]
    runs = HAN_RUN.findall(text)
    if runs:
        from archivist.search.pinyin import syllables

        words += [" ".join(syllables(run)) for run in runs]
    return " ".join(words)


def analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(80))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build())


def build_schema(version: int = SCHEMA_VERSION) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(f"schema_version_{version}")
    builder.add_unsigned_field(f"frequent_words_{pairs.fingerprint()}")  # another list, another schema
    builder.add_text_field("record_id", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=ANALYZER)
    builder.add_text_field(pairs.PAIRS_FIELD, tokenizer_name=pairs.PAIRS_ANALYZER)
    for name in STORED_TEXTS:
        builder.add_bytes_field(stored_field(name), stored=True)
    builder.add_bytes_field(STORED_PAGES, stored=True)
    builder.add_text_field("date_display", stored=True, tokenizer_name="raw")
    builder.add_integer_field("date", stored=True, indexed=True, fast=True)  # earliest day, ordinal
    builder.add_integer_field("year_number", indexed=True, fast=True)
    # The days its texts mention (enrich.TextDate, earliest day, ordinal), each once: counted per
    # period for any search by a histogram, never searched by.
    builder.add_integer_field("mentioned", indexed=False, fast=True)
    # Its authors' and recipients' facet values ("person/KEY"): who wrote to whom, counted for the network.
    for name in ROLE_FIELDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_integer_field("position", stored=True)
    for name in FACET_FIELDS:
        builder.add_text_field(f"f_{name}", fast=True, tokenizer_name="raw")
    for name in NUMBERED_FACETS:
        builder.add_unsigned_field(f"n_{name}", fast=True)
    return builder.build()


@lru_cache(maxsize=1 << 16)  # the same few thousand people, places and years, document after document
def facet_number(value: str) -> int:
    """A facet value's number in its n_ column: the first 8 bytes of its BLAKE2b hash, the same in
    every index and process (the facets map numbers back to values from the f_ field's terms)."""
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


def stored_field(name: str) -> str:
    return f"stored_{name}"


SCHEMA = build_schema()
_open: dict[Path, tantivy.Index] = {}


def index_dir() -> Path:
    """ARCHIVIST_HOME/index; follows ARCHIVIST_HOME when it changes (tests use one per test)."""
    return archive_home() / "index"


class OutdatedIndex(RuntimeError):
    """The index on disk was built with another schema (an older Archivist)."""


def open_index(path: Path | None = None, replace_outdated: bool = False) -> tantivy.Index:
    """The index at `path` (default index_dir()), created empty on first use; opened once per process.

    An index of another schema raises OutdatedIndex, or is replaced by an empty one for a rebuild.
    """
    path = path or index_dir()
    if path not in _open:
        private_folder(path)
        try:
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            if not replace_outdated:
                raise OutdatedIndex(f"the search index in {path} was built by another version of "
                                    "Archivist or with other frequent words (ARCHIVIST_FREQUENT_WORDS): "
                                    "run `archivist reindex`") from error
            shutil.rmtree(path)
            private_folder(path)
            index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        index.register_tokenizer(ANALYZER, analyzer())
        index.register_tokenizer(pairs.PAIRS_ANALYZER, pairs.analyzer())
        _open[path] = index
    return _open[path]


class Reader:
    """An index's searcher, reloaded when another commit lands, with a cache valid for that commit.

    Reloading is ours (manual policy) so that a searcher and the cache built from it (the facet
    totals) always belong to the same commit.
    """

    def __init__(self, index: tantivy.Index, path: Path) -> None:
        index.config_reader("manual")
        self.index, self.meta = index, path / "meta.json"
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._current: tuple[tantivy.Searcher, dict] | None = None

    def current(self) -> tuple[tantivy.Searcher, dict]:
        """The searcher of the latest commit and that commit's cache."""
        with self._lock:
            try:
                status = self.meta.stat()
                stamp = (status.st_mtime_ns, status.st_size, status.st_ino)
            except FileNotFoundError:
                stamp = None
            if self._current is None or stamp != self._stamp:
                self.index.reload()
                self._stamp, self._current = stamp, (self.index.searcher(), {})
            return self._current


_readers: dict[Path, Reader] = {}


def reader(path: Path | None = None) -> Reader:
    path = path or index_dir()
    index = open_index(path)
    if path not in _readers or _readers[path].index is not index:
        _readers[path] = Reader(index, path)
    return _readers[path]
