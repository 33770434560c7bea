"""Variant names of an authority record, generated from its names by every romanization that reads them.

A pure function: given the record's sort name, display name and known variants it returns
(name, scheme) pairs that are new. 周恩来 gives Zhou Enlai (pinyin) and from it Chou En-lai
(Wade-Giles); Хрущёв gives Khrushchëv, Khrushchev, Chruschtschow, Khrouchtchev, Hruŝëv; every
personal name gets its inverted or direct form; irregular forms come from a curated table.
"""

from __future__ import annotations

from archivist.enrich.romanize import (
    bgn_pcgn,
    french,
    german,
    hanzi,
    inverted,
    irregular,
    iso9,
    loc,
    russian,
    wadegiles,
)
from archivist.enrich.romanize.cyrillic import is_cyrillic

CYRILLIC_SCHEMES = (
    ("bgn-pcgn", bgn_pcgn.romanize), ("english", bgn_pcgn.english), ("english-phonetic", bgn_pcgn.phonetic),
    ("loc", loc.romanize), ("loc-plain", loc.plain), ("iso9", iso9.romanize), ("german", german.romanize),
    ("french", french.romanize),
)
# For Cyrillic guessed from an English spelling only the conventions that do not pretend to be exact.
GUESSED_CYRILLIC_SCHEMES = (("english-phonetic", bgn_pcgn.phonetic), ("german", german.romanize),
                            ("french", french.romanize))


class _Found(dict):
    """Variants found so far, name -> scheme, never repeating a name the record already has."""

    def __init__(self, taken: set[str]) -> None:
        super().__init__()
        self.taken = taken

    def add(self, name: str | None, scheme: str) -> None:
        if name and name not in self.taken and name not in self:
            self[name] = scheme


def generate_variants(sort_name: str, display_name: str = "", kind: str = "person",
                      known: tuple[str, ...] = (), description: str = "") -> list[tuple[str, str]]:
    """New (name, scheme) pairs for a record; names already in sort/display/known are left out.

    The description tells Soviet and Russian people apart, whose English names are also given in
    German and French spelling by way of their (guessed) Cyrillic form.
    """
    person = kind == "person"
    surname_first = _surname_first(sort_name, display_name)
    found = _Found({sort_name, display_name, *known})
    canonical = [n for n in dict.fromkeys([sort_name, display_name]) if n]
    to_invert = list(canonical)
    names = [*canonical, *known]
    han_readings = {hanzi.to_pinyin(n, person=False) for n in names if hanzi.is_han(n)}
    surname = sort_name.partition(",")[0].strip()
    if person and not any(is_cyrillic(n) for n in names) and russian.is_russian(description, surname):
        _russian_forms(sort_name, found)
    for name in dict.fromkeys(names):
        if _romanize(name, person, surname_first, name in canonical, found, han_readings):
            to_invert.append(name)
        for form in (name, _reading(name, person, surname_first)):
            for other in irregular.equivalents(form):
                found.add(other, "irregular")
    if person:
        for name in [*to_invert, *found]:
            if not hanzi.is_han(name) and not is_cyrillic(name) and found.get(name) != "pinyin-tones":
                found.add(inverted.inverted(name, surname_first) or inverted.direct(name, surname_first),
                          "inverted")
    return list(found.items())


def _romanize(name: str, person: bool, surname_first: bool, canonical: bool, found: _Found,
              han_readings: set[str]) -> bool:
    """Add the romanizations of one name; True when it is itself a romanized name to invert.

    A place's own name gets Wade-Giles forms only when it is the pinyin of its name in characters
    (Beijing for 北京), not whenever it happens to read as pinyin ("China": chi-na)."""
    if hanzi.is_han(name):
        reading = hanzi.to_pinyin(name, person=person)
        found.add(reading, "pinyin")
        found.add(hanzi.to_pinyin(name, tones=True, person=person), "pinyin-tones")
        _wade_giles_forms(reading, found.add)
    elif is_cyrillic(name):
        for scheme, romanize in CYRILLIC_SCHEMES:
            found.add(romanize(name), scheme)
    elif "-" in name or "'" in name:
        pinyin = wadegiles.wade_giles_to_pinyin(_reading(name, person, surname_first))
        found.add(pinyin, "pinyin")
        return pinyin is not None
    elif canonical:
        reading = _reading(name, person, surname_first)
        if wadegiles.is_chinese_personal_name(reading) if person else reading in han_readings:
            _wade_giles_forms(reading, found.add)
    return False


def _russian_forms(sort_name: str, found: _Found) -> None:
    """Cyrillic guessed from the English name (surname, and forename + surname without initials),
    then its German, French and phonetic English spellings: Khrushchev -> Хрущёв -> Chruschtschow."""
    surname, _, forenames = sort_name.partition(",")
    first = next((w for w in forenames.split() if len(w.strip(".")) > 1), "")
    for latin in dict.fromkeys(filter(None, [surname.strip(), f"{first} {surname.strip()}".strip()])):
        cyrillic = russian.to_cyrillic(latin)
        found.add(cyrillic, "cyrillic-guess")
        for scheme, romanize in GUESSED_CYRILLIC_SCHEMES:
            found.add(romanize(cyrillic), scheme)


def _reading(name: str, person: bool, surname_first: bool) -> str:
    """A name in reading order: "Zhou, Enlai" -> "Zhou Enlai", "Rusk, Dean" -> "Dean Rusk"."""
    return (inverted.direct(name, surname_first) or name) if person else name


def _wade_giles_forms(name: str | None, add) -> None:
    """The Wade-Giles forms of a pinyin name, with and without hyphens and marks."""
    wade_giles = wadegiles.pinyin_to_wade_giles(name or "")
    if wade_giles:
        add(wade_giles, "wade-giles")
        add(wadegiles.without_marks(wade_giles), "wade-giles-plain")
        add(wadegiles.pinyin_to_wade_giles(name, hyphens=False), "wade-giles")
        add(wadegiles.without_marks(wadegiles.pinyin_to_wade_giles(name, hyphens=False)),
            "wade-giles-plain")


def _surname_first(sort_name: str, display_name: str) -> bool:
    """Whether the name is read family name first: "Zhou Enlai" for "Zhou, Enlai", or a sort form
    without a comma ("Chiang Kai-shek", "Ngo Dinh Diem"), since Western sort forms are inverted."""
    surname = sort_name.split(",")[0].strip()
    return "," not in sort_name or (bool(surname) and display_name.startswith(surname + " "))
