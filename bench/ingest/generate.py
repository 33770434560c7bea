"""Deterministic JSON Lines corpus in the record format, for the ingest benchmark.

Same seed, same file: documents of about 700 words from a Zipf-weighted vocabulary, each naming 1-6
people (from 5,000, some organizations), 1-4 places (from 1,000) and 1-3 topics (from 100), dated by
day between 1945 and 1991, with a summary, up to three footnotes and a source. Names are given as
the record format's name lists, as an export from another system would give them.

Usage: python bench/ingest/generate.py N OUT.jsonl
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import sys
from pathlib import Path

SYLLABLE_TEXT = ("ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no "
             "nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo chen "
             "wang mao an en ov sky berg stein ian ard ell ton")
SYLLABLES = SYLLABLE_TEXT.split()
FIRST_DAY, LAST_DAY = dt.date(1945, 1, 1).toordinal(), dt.date(1991, 12, 31).toordinal()
KINDS = ("Telegram", "Memorandum", "Letter", "Minutes of a Meeting", "Report", "Cable", "Note")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))


class Corpus:
    def __init__(self, seed: int = 1961) -> None:
        self.rng = rng = random.Random(seed)
        self.words = list(dict.fromkeys(_word(rng) for _ in range(30_000)))
        self.weights = list(itertools.accumulate(1 / (r + 1) ** 1.07 for r in range(len(self.words))))
        self.people = [f"{_word(rng).title()}, {_word(rng).title()}" for _ in range(4_500)]
        self.people += [f"Ministry of {_word(rng).title()}" for _ in range(500)]
        self.places = list(dict.fromkeys(_word(rng).title() for _ in range(1_000)))
        self.topics = list(dict.fromkeys(f"{_word(rng).title()} {_word(rng)}" for _ in range(100)))

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.weights, k=count)

    def sentence_text(self, count: int) -> str:
        words = self.words_of(count)
        sentences = [" ".join(words[i:i + 14]).capitalize() + "." for i in range(0, count, 14)]
        paragraphs = [" ".join(sentences[i:i + 6]) for i in range(0, len(sentences), 6)]
        return "\n\n".join(paragraphs)

    def document(self, number: int) -> dict:
        rng = self.rng
        people = rng.sample(self.people, rng.randint(1, 6))
        day = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        record = {
            "record_id": f"bench-{number:07d}",
            "title": f"{rng.choice(KINDS)} from {people[0]} on {' '.join(self.words_of(3))}",
            "date": day.isoformat(),
            "summary": self.sentence_text(40),
            "text": self.sentence_text(rng.randint(600, 800)),
            "text_language": "English",
            "authors": people[:1],
            "associated_people_and_organizations": people[1:],
            "associated_places": rng.sample(self.places, rng.randint(1, 4)),
            "associated_topics": rng.sample(self.topics, rng.randint(1, 3)),
            "source": f"Bench Collection, Box {rng.randint(1, 400)}, Folder {rng.randint(1, 60)}",
            "notes": [{"kind": "footnote", "marker": str(i + 1), "body": self.sentence_text(25)}
                      for i in range(rng.randint(0, 3))],
        }
        return record


def write(count: int, out: Path, seed: int = 1961) -> Path:
    corpus = Corpus(seed)
    with out.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps(corpus.document(number), ensure_ascii=False) + "\n")
    return out


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
