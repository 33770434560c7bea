"""Chinese characters -> Hanyu Pinyin with pypinyin (its dictionary ships with the package).

A personal name is written surname first, the given name as one word: 周恩来 -> "Zhou Enlai",
with tone marks on request ("Zhōu Ēnlái"). Two-character surnames (欧阳, 司马...) stay together.
"""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "诸葛", "上官", "东方", "夏侯", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
     "歐陽", "諸葛", "皇甫", "尉遲", "公孫"])


def is_han(text: str) -> bool:
    return bool(HAN.match(text.strip()))


def to_pinyin(name: str, tones: bool = False, person: bool = True) -> str | None:
    """ "周恩来" -> "Zhou Enlai"; a place ("北京") is one word: "Beijing". None if not all Han."""
    name = name.strip()
    if not is_han(name):
        return None
    style = Style.TONE if tones else Style.NORMAL
    syllables = lazy_pinyin(name, style=style, v_to_u=True)
    if not person or len(name) == 1:
        return _word(syllables)
    surname_length = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    given = syllables[surname_length:]
    return f"{_word(syllables[:surname_length])} {_word(given)}" if given else _word(syllables)


def _word(syllables: list[str]) -> str:
    """Syllables joined into one word, with pinyin's apostrophe before a vowel-initial syllable."""
    text = ""
    for syllable in syllables:
        if text and syllable[:1] in "aoeāáǎàōóǒòēéěè":
            text += "'"
        text += syllable
    return text[:1].upper() + text[1:]
