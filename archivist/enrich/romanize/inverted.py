"""Inverted and direct forms of personal names: "Zhou, Enlai" <-> "Zhou Enlai".

The sort form "Surname, Forenames" is turned to reading order; names whose family name comes
first (Chinese, Japanese, Korean, Vietnamese as written by their authority record) keep it first.
"""

from __future__ import annotations


def direct(sort_name: str, surname_first: bool = False) -> str | None:
    """ "Khrushchev, Nikita S." -> "Nikita S. Khrushchev" ("Zhou Enlai" when surname_first)."""
    surname, comma, forenames = sort_name.partition(", ")
    if not comma or not forenames.strip() or "," in forenames:
        return None
    return f"{surname} {forenames}" if surname_first else f"{forenames} {surname}"


def inverted(name: str, surname_first: bool = False) -> str | None:
    """ "Nikita Khrushchev" -> "Khrushchev, Nikita"; "Zhou Enlai" -> "Zhou, Enlai" if surname_first."""
    if "," in name:
        return None
    words = name.split()
    if len(words) < 2:
        return None
    if surname_first:
        return f"{words[0]}, {' '.join(words[1:])}"
    return f"{words[-1]}, {' '.join(words[:-1])}"
