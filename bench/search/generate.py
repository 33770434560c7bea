"""Deterministic generator of realistic archive documents and mixed queries for the search benchmark.

Same seed, same archive: about 700 words per document from a Zipf-distributed vocabulary,
20,000 people (some with variant spellings), 3,000 places, 300 topics, 60 subject headings,
12 archives, dates 1940-1990, a few languages. Documents come out as
archivist.search.documents.IndexedDocument, the form the indexer itself writes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the archive's frequent words must be set before the schema is built
    from archivist.search.documents import IndexedDocument, LinkedName

VOCABULARY = 50_000
PEOPLE, PLACES, TOPICS, SUBJECTS, ARCHIVES = 20_000, 3_000, 300, 60, 12
LANGUAGES = (("English", 70), ("Russian", 12), ("Chinese", 8), ("German", 5), ("French", 5))
FIRST_DAY, LAST_DAY = dt.date(1940, 1, 1).toordinal(), dt.date(1990, 12, 31).toordinal()
_SYLLABLE_TEXT = ("ba be bi bo bu da de di do du fa fe fi ka ke ki ko ku la le li lo lu ma me mi mo mu na ne "
             "ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo "
             "chen zhou wang li mao an en ov sky berg stein ian ard ell ton")
SYLLABLES = _SYLLABLE_TEXT.split()


@dataclass(frozen=True)
class Authority:
    kind: str
    key: str
    name: str
    variants: tuple[str, ...] = ()

    def linked(self) -> LinkedName:
        from archivist.search.documents import LinkedName

        return LinkedName(self.kind, self.key, [self.name, *self.variants])


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


class Archive:
    """The vocabulary and authority records of one generated archive."""

    def __init__(self, seed: int = 1950) -> None:
        rng = random.Random(seed)
        words: dict[str, None] = {}
        while len(words) < VOCABULARY:
            words[_word(rng, rng.choice((1, 2, 2, 3, 3, 4)))] = None
        self.words = list(words)
        self.word_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.07 for rank in range(VOCABULARY)))
        self.people = [self._person(rng, i) for i in range(PEOPLE)]
        self.places = [self._named(rng, "place", i) for i in range(PLACES)]
        self.topics = [self._named(rng, "topic", i) for i in range(TOPICS)]
        self.subjects = [self._named(rng, "subject", i) for i in range(SUBJECTS)]
        self.archives = [self._named(rng, "archive", i) for i in range(ARCHIVES)]
        self.person_weights = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(PEOPLE)))
        self.place_weights = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(PLACES)))
        self.topic_weights = list(itertools.accumulate(1 / (r + 1) ** 0.7 for r in range(TOPICS)))

    @staticmethod
    def _person(rng: random.Random, number: int) -> Authority:
        surname, forename = _word(rng, 2).title(), _word(rng, 2).title()
        variants = (f"{forename[:-1]}-{surname.lower()}",) if number % 5 == 0 else ()
        return Authority("person", f"p{number}", f"{forename} {surname}", variants)

    @staticmethod
    def _named(rng: random.Random, kind: str, number: int) -> Authority:
        return Authority(kind, f"{kind[:2]}{number}", " ".join(_word(rng, 3).title() for _ in range(2)))

    def authorities(self) -> Iterator[Authority]:
        yield from itertools.chain(self.people, self.places, self.topics, self.subjects, self.archives)

    def words_from(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.word_weights, k=count)

    def document(self, number: int) -> IndexedDocument:
        from archivist.search.documents import IndexedDocument

        rng = random.Random(number * 7919 + 1)
        people = rng.choices(self.people, cum_weights=self.person_weights, k=rng.randint(1, 5))
        places = rng.choices(self.places, cum_weights=self.place_weights, k=rng.randint(1, 3))
        topics = rng.choices(self.topics, cum_weights=self.topic_weights, k=rng.randint(1, 3))
        subjects = rng.sample(self.subjects, rng.randint(0, 2))
        linked = list(dict.fromkeys(people + places + topics + subjects + [rng.choice(self.archives)]))
        body = self.words_from(rng, rng.randint(550, 850))
        for person in people:  # documents name the people they concern, sometimes in a variant form
            body.insert(rng.randrange(len(body)), rng.choice([person.name, *person.variants]))
        title = " ".join([rng.choice(("Memorandum", "Cable", "Letter", "Minutes", "Report")),
                          *self.words_from(rng, 4), people[0].name])
        summary = " ".join(self.words_from(rng, 30))
        day = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        language = rng.choices([name for name, _ in LANGUAGES], [w for _, w in LANGUAGES])[0]
        return IndexedDocument(record_id=f"d{number}", title=title, summary=summary, body=" ".join(body),
                               date_display=day.isoformat(), earliest=day, languages=[language],
                               linked=[a.linked() for a in linked])

    def documents(self, count: int) -> Iterator[IndexedDocument]:
        return (self.document(number) for number in range(count))

    def write_frequent_words(self, path: Path) -> None:
        """The FUNCTION_WORDS most frequent words, one a line, for ARCHIVIST_FREQUENT_WORDS: they play
        the part of "of" and "the", so the index pairs them as it pairs those (archivist.search.pairs)."""
        path.write_text("\n".join(self.words[:FUNCTION_WORDS]) + "\n", encoding="utf-8")


FUNCTION_WORDS = 100  # the most frequent words play the part of "of", "the": not quoted in phrases
QUERY_CLASSES = ("common", "rare", "and", "phrase", "name", "facets", "date_range")


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    q: str
    filters: dict
    date_from: str = ""
    date_to: str = ""


def queries(archive: Archive, count: int = 200, seed: int = 7) -> list[BenchQuery]:
    """`count` queries cycling through the classes: common and rare words, AND, phrases of content
    words, names, with facet choices, with a date range."""
    rng = random.Random(seed)
    result = []
    for number in range(count):
        kind = QUERY_CLASSES[number % len(QUERY_CLASSES)]
        result.append(_query(archive, rng, kind, number))
    return result


def frequent_word_phrases(archive: Archive, count: int = 10, seed: int = 11) -> list[BenchQuery]:
    """The costliest queries there are, `count` of each class, taken from documents' texts:
    `frequent_pair` two of the most frequent words side by side (like "of the"), `frequent_three`
    three (like "one of the"), `frequent_mixed` two frequent words and the word after them (like "the
    United States"), and `hostile`: 32 frequent words, or 16 quoted pairs of them, all required."""
    rng = random.Random(seed)
    frequent = set(archive.words[:FUNCTION_WORDS])
    result: list[BenchQuery] = []
    while len(result) < 3 * count:
        body = archive.document(rng.randrange(0, 100_000)).body.split()
        runs = [body[i:i + 3] for i in range(len(body) - 2)]
        kind = ("frequent_pair", "frequent_three", "frequent_mixed")[len(result) % 3]
        wanted = {"frequent_pair": lambda r: set(r[:2]) <= frequent,
                  "frequent_three": lambda r: set(r) <= frequent,
                  "frequent_mixed": lambda r: set(r[:2]) <= frequent and r[2] not in frequent}[kind]
        chosen = [run for run in runs if wanted(run)]
        if chosen:
            run = rng.choice(chosen)[:2] if kind == "frequent_pair" else rng.choice(chosen)
            result.append(BenchQuery(kind, '"' + " ".join(run) + '"', {}))
    words = archive.words[:FUNCTION_WORDS]
    for number in range(count):
        picked = rng.sample(words, 32)
        q = (" ".join(picked) if number % 2 else
             " ".join(f'"{a} {b}"' for a, b in zip(picked[::2], picked[1::2], strict=True)))
        result.append(BenchQuery("hostile", q, {}))
    return result


def _query(archive: Archive, rng: random.Random, kind: str, number: int) -> BenchQuery:
    words = archive.words
    if kind == "common":
        return BenchQuery(kind, words[rng.randrange(0, 50)], {})
    if kind == "rare":
        return BenchQuery(kind, words[rng.randrange(5_000, 40_000)], {})
    if kind == "and":
        chosen = [words[rng.randrange(20, 2_000)] for _ in range(rng.randint(2, 3))]
        return BenchQuery(kind, " ".join(chosen), {})
    if kind == "phrase":  # two adjacent content words of a document, as researchers quote them
        body = archive.document(rng.randrange(0, 100_000)).body.split()
        frequent = set(words[:FUNCTION_WORDS])
        pairs = [(a, b) for a, b in zip(body, body[1:], strict=False) if not {a, b} & frequent]
        first, second = rng.choice(pairs)
        return BenchQuery(kind, f'"{first} {second}"', {})
    if kind == "name":
        person = archive.people[rng.randrange(0, 2_000)]
        return BenchQuery(kind, person.name if number % 2 else f'person:"{person.name}"', {})
    if kind == "facets":
        topic = archive.topics[rng.randrange(0, 50)]
        decade = str(rng.choice(range(1940, 1991, 10)))
        return BenchQuery(kind, words[rng.randrange(0, 500)],
                          {"topics": [f"topic/{topic.key}"], "decade": [decade]})
    start = rng.randint(1940, 1985)
    return BenchQuery(kind, words[rng.randrange(0, 1_000)], {}, str(start), str(start + rng.randint(0, 5)))
