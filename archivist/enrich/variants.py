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
    wadegiles,
)
from archivist.enrich.romanize.cyrillic import is_cyrillic

CYRILLIC_SCHEMES = (
    ("bgn-pcgn", bgn_pcgn.romanize), ("english", bgn_pcgn.english), ("loc", loc.romanize),
    ("loc-plain", loc.plain), ("iso9", iso9.romanize), ("german", german.romanize),
    ("french", french.romanize),
)


def generate_variants(sort_name: str, display_name: str = "", kind: str = "person",
                      known: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """New (name, scheme) pairs for a record; names already in sort/display/known are left out."""
    person = kind == "person"
    surname_first = _surname_first(sort_name, display_name)
    found: dict[str, str] = {}
    taken = {sort_name, display_name, *known}

    def add(name: str | None, scheme: str) -> None:
        if name and name not in taken and name not in found:
            found[name] = scheme

    canonical = [n for n in dict.fromkeys([sort_name, display_name]) if n]
    names_to_invert = list(canonical)  # and romanized names among the known variants
    for name in dict.fromkeys([*canonical, *known]):
        if hanzi.is_han(name):
            reading = hanzi.to_pinyin(name, person=person)
            add(reading, "pinyin")
            add(hanzi.to_pinyin(name, tones=True, person=person), "pinyin-tones")
            _wade_giles_forms(reading, add)
        elif is_cyrillic(name):
            for scheme, romanize in CYRILLIC_SCHEMES:
                add(romanize(name), scheme)
        elif "-" in name or "'" in name:
            pinyin = wadegiles.wade_giles_to_pinyin(_reading(name, person, surname_first))
            add(pinyin, "pinyin")
            if pinyin:
                names_to_invert.append(name)
        elif name in canonical:
            reading = _reading(name, person, surname_first)
            if not person or wadegiles.is_chinese_personal_name(reading):
                _wade_giles_forms(reading, add)
        for form in (name, _reading(name, person, surname_first)):
            for other in irregular.equivalents(form):
                add(other, "irregular")
    if person:
        for name in [*names_to_invert, *found]:
            if not hanzi.is_han(name) and not is_cyrillic(name) and found.get(name) != "pinyin-tones":
                add(inverted.inverted(name, surname_first) or inverted.direct(name, surname_first),
                    "inverted")
    return list(found.items())


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
