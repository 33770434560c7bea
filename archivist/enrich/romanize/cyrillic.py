"""Shared machinery for the romanizations of Russian Cyrillic: a letter table plus context rules.

Each scheme module (bgn_pcgn, loc, iso9, german, french) declares a `Scheme`; `transliterate`
reads a text word by word, applying word endings first ("-ский" -> "-ski"), then letters with
their context: at the start of a word or after a vowel ("Ельцин" -> "Yel'tsin"), after ж ч ш щ
("Хрущёв" -> "Chruschtschow"), and between vowels ("Россия" -> "Rossija" in German).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

VOWELS = frozenset("аеёиоуыэюя")
SIGNS = frozenset("ъьй")
SIBILANTS = frozenset("жчшщ")
FRONT_VOWELS = frozenset("еёиыюя")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


@dataclass(frozen=True)
class Scheme:
    name: str
    letters: Mapping[str, str]
    after_vowel: Mapping[str, str] = field(default_factory=dict)  # also at the start of a word
    after_sibilant: Mapping[str, str] = field(default_factory=dict)
    between_vowels: Mapping[str, str] = field(default_factory=dict)
    before_front_vowel: Mapping[str, str] = field(default_factory=dict)  # before е ё и ы ю я
    endings: Mapping[str, str] = field(default_factory=dict)


def is_cyrillic(text: str) -> bool:
    return bool(CYRILLIC_WORD.search(text))


def transliterate(text: str, scheme: Scheme) -> str:
    return CYRILLIC_WORD.sub(lambda match: _word(match.group(), scheme), text)


def _word(word: str, scheme: Scheme) -> str:
    lower = word.lower()
    ending = next((e for e in sorted(scheme.endings, key=len, reverse=True) if lower.endswith(e)
                   and len(lower) > len(e) + 1), "")
    stem = lower[: len(lower) - len(ending)]
    latin = "".join(_letter(stem, i, scheme) for i in range(len(stem)))
    latin += scheme.endings.get(ending, "")
    if word[:1].isupper():
        latin = latin[:1].upper() + latin[1:]
    return latin


def _letter(word: str, i: int, scheme: Scheme) -> str:
    letter = word[i]
    before = word[i - 1] if i else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if letter in scheme.after_sibilant and before in SIBILANTS:
        return scheme.after_sibilant[letter]
    if letter in scheme.after_vowel and (not before or before in VOWELS or before in SIGNS):
        return scheme.after_vowel[letter]
    if letter in scheme.before_front_vowel and after in FRONT_VOWELS:
        return scheme.before_front_vowel[letter]
    if letter in scheme.between_vowels and before in VOWELS and after in VOWELS:
        return scheme.between_vowels[letter]
    return scheme.letters.get(letter, letter)


def table(pairs: str) -> dict[str, str]:
    """A letter table written as "а=a б=b ..." (an empty right side drops the letter)."""
    return dict(pair.split("=", 1) for pair in pairs.split())
