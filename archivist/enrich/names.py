"""Personal names taken apart: surname, forenames, titles and suffixes, in normalized word tokens.

Linking compares tokens folded to lowercase ASCII-ish form, so "Khrushchëv", "KHRUSHCHEV" and
"Khrushchev" meet, and "Kai-shek" / "Kai shek" / "Kaishek" differ only in how tokens are split.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable word lists."""
    return frozenset(words.split())


# Words that precede a name as a rank, office or form of address rather than as part of it.
HONORIFICS = wordset(
    "mr mrs ms miss dr sir lord lady prince princess king queen comrade generalissimo marshal "
    "general gen lt col colonel maj major admiral adm capt captain brig cdr commander sgt "
    "ambassador senator governor judge justice father rev")
SUFFIXES = wordset("jr sr ii iii iv usa usaf usn usmc")
# English pet forms of forenames that do not begin like the forename they stand for.
PET_FORMS = {
    "bob": ("robert",), "bobby": ("robert",), "bill": ("william",), "billy": ("william",),
    "will": ("william",), "jack": ("john",), "dick": ("richard",), "rick": ("richard",),
    "ted": ("edward", "theodore"), "ned": ("edward",), "jim": ("james",), "jimmy": ("james",),
    "mike": ("michael",), "tom": ("thomas",), "chuck": ("charles",), "chip": ("charles",),
    "peggy": ("margaret",), "betty": ("elizabeth",), "liz": ("elizabeth",), "hank": ("henry",),
    "harry": ("henry", "harold"), "larry": ("lawrence",), "jerry": ("gerald", "jerome"),
    "tony": ("anthony",), "sandy": ("alexander",), "walt": ("walter",),
}


# Letters that do not decompose into a base letter and a mark, folded as the search index folds them
# (Tantivy's ASCII folding, after Lucene's): Łódź and Lodz, Øresund and Oresund are one name in both.
UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d",
                              "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "q", "ŀ": "l"})


def fold(text: str) -> str:
    """Lowercase, strip accents (ë -> e, ü -> u, ł -> l) and unify apostrophes, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(UNDECOMPOSED)
    return stripped.replace("’", "'").replace("ʻ", "'").replace("‘", "'")


def tokens(text: str) -> list[str]:
    """The folded word tokens of a name or phrase (punctuation, hyphens and apostrophes split)."""
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class PersonName:
    """A personal name in parts; every part is a tuple of folded tokens."""

    surname: tuple[str, ...]
    forenames: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    @property
    def initials(self) -> tuple[str, ...]:
        return tuple(name[0] for name in self.forenames)


def parse_sort_name(name: str) -> PersonName:
    """Read "Khrushchev, Nikita S.", "Caraway, Lt. Gen. Paul W., USA" or "Chiang Kai-shek".

    Without a comma the whole name is taken as the surname, as in the sort forms of Chinese,
    Vietnamese and Lao names ("Ngo Dinh Diem", "Souvanna Phouma") that are read in full.
    """
    name = re.sub(r"\(([^)]*)\)", r", \1", name)
    surname, _, rest = name.partition(",")
    forenames: list[str] = []
    titles: list[str] = []
    for token in tokens(rest):
        if token in HONORIFICS:
            titles.append(token)
        elif token not in SUFFIXES:
            forenames.append(token)
    surname_tokens = [t for t in tokens(surname) if t not in HONORIFICS]
    return PersonName(tuple(surname_tokens), tuple(forenames), tuple(titles))


def split_display_name(display: str, surname: tuple[str, ...]) -> tuple[str, ...]:
    """The forenames of a display name, given its surname: "Zhou Enlai" -> ("enlai",)."""
    words = [t for t in tokens(display) if t not in HONORIFICS and t not in SUFFIXES]
    n = len(surname)
    if tuple(words[:n]) == surname:
        return tuple(words[n:])
    if tuple(words[-n:]) == surname:
        return tuple(words[:-n])
    return ()


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))
