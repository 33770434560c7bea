"""Other spellings of a name typed in a query, with no authority record needed.

- The curated table of irregular and postal forms (enrich.romanize.irregular: Beijing / Peking,
  Quemoy / Kinmen, Jiang Jieshi / Chiang Kai-shek), ignoring case, accents and hyphens.
- Chinese characters: their pinyin (周恩来 -> Zhou Enlai) and its Wade-Giles forms; traditional and
  simplified characters are one already (schema.searchable).
- Wade-Giles <-> pinyin for words shaped like a Chinese personal name ("Deng Xiaoping" <->
  "Teng Hsiao-p'ing").
- Russian names: Cyrillic <-> its English, German and French spellings, a Latin surname being read
  back to Cyrillic in each convention ("Chruschtschow" -> Хрущёв -> Khrushchev, Khrouchtchev).
- `readings`: the pinyin syllables of a name, searched in the index's reading of Chinese characters
  (schema.reading), so that "Zhou Enlai" finds 周恩來; a Cyrillic spelling is searched there too,
  where Cyrillic words are read without their soft and hard signs (Yeltsin, Елцин: Ельцин).

Rules read only names typed with capitals ("Deng Xiaoping", not "he long"), and the service keeps only
the spellings that some indexed document holds, so ordinary words stay words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from archivist.enrich.romanize import bgn_pcgn, french, german, hanzi, irregular, russian, wadegiles
from archivist.enrich.romanize.cyrillic import is_cyrillic

# Surname endings in the English, German and French spellings of Russian (and Soviet) names.
RUSSIAN_ENDINGS = (*russian.SURNAME_ENDINGS, "ow", "ew", "jan", "ine", "ian", "ïan", "itsch", "enko")
MOST_GUESSES = 64  # Cyrillic readings tried for one Latin word
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ'’-]+")
CYRILLIC = re.compile("[\u0400-\u04ff]+")

# A Latin letter group of each convention -> the Cyrillic letters it may stand for; the longest group
# is read first, and a guess is kept only if the convention spells it back as typed.
GERMAN_LETTERS = {
    "schtsch": "щ", "tsch": "ч", "sch": "ш ж", "ch": "х", "ss": "с", "s": "с з", "z": "ц", "w": "в",
    "je": "е", "jo": "ё", "ju": "ю", "ja": "я", "j": "й", "o": "о ё", "e": "е э", "i": "и й",
    "y": "ы", "ei": "ей", "x": "кс"}
FRENCH_LETTERS = {
    "chtch": "щ", "tch": "ч", "ch": "ш", "kh": "х", "j": "ж", "ou": "у", "ts": "ц", "gu": "г", "ss": "с",
    "s": "с з", "z": "з", "ïa": "я", "ïou": "ю", "ïe": "е", "ï": "й", "iou": "ю", "ia": "я", "io": "ё",
    "e": "е ё э", "y": "ы", "v": "в", "ine": "ин"}
_U_UMLAUT = str.maketrans("üÜ", "uU")
PLAIN_LETTERS = dict(zip("abdfgiklmnoprtuv", "абдфгиклмнопртув", strict=True))


def other_spellings(text: str, held: Callable[[str], bool] = lambda name: True) -> list[str]:
    """Other spellings of a name by the table and the rules, best first; [] for ordinary words.

    `held` tells whether the index holds a spelling: a Wade-Giles name is read with the apostrophes
    it may have left out only when it finds nothing as typed."""
    found: dict[str, None] = {}

    def add(*names: str | None) -> None:
        for name in names:
            if name and name != text:
                found.setdefault(name)

    compact = "".join(text.split())
    if hanzi.is_han(compact):
        # A place's name is one word (Beijing), a person's two (Zhou Enlai); two characters may be either.
        forms = [hanzi.to_pinyin(compact, person=len(compact) > 1), hanzi.to_pinyin(compact, person=False)]
        for reading in dict.fromkeys(forms[:1] if len(compact) > 2 else forms):
            add(reading, *irregular.equivalents(reading), *_wade_giles_forms(reading))
    elif is_cyrillic(text):
        for romanized in dict.fromkeys(f(text) for f in (bgn_pcgn.english, german.romanize, french.romanize)):
            add(romanized, *irregular.equivalents(romanized))
    add(*irregular.equivalents(text))
    if _capitalized(text):
        add(*_chinese_forms(text, held), *_russian_forms(text))
    return list(found)


def readings(names: list[str]) -> list[str]:
    """The pinyin syllables ("zhou en lai") of the names written in pinyin or Wade-Giles, of two
    syllables or more (one syllable reads too many characters), for the index's `reading` field."""
    found: dict[str, None] = {}
    for name in names:
        if not name.translate(_U_UMLAUT).isascii() or not _capitalized(name):  # "Lü Zhengcao" is pinyin
            continue
        if "-" in name or "'" in name:
            name = wadegiles.wade_giles_to_pinyin(name) or ""
        words = [wadegiles.split_pinyin(word) for word in re.split(r"[\s-]+", name.strip())]
        if words and None not in words and sum(map(len, words)) >= 2:
            found.setdefault(" ".join(s for word in words for s in word))
    return list(found)


def is_cyrillic_word(text: str) -> bool:
    return bool(CYRILLIC.fullmatch(text))


def _capitalized(text: str) -> bool:
    """Whether every word of a Latin name begins with a capital, as names are typed."""
    words = LATIN_WORD.findall(text)
    return bool(words) and all(word[:1].isupper() for word in words)


def _wade_giles_forms(pinyin: str | None) -> list[str]:
    if not pinyin:
        return []
    forms = [wadegiles.pinyin_to_wade_giles(pinyin), wadegiles.pinyin_to_wade_giles(pinyin, hyphens=False)]
    return [form for f in forms if f for form in (f, wadegiles.without_marks(f))]


def _chinese_forms(text: str, held: Callable[[str], bool]) -> list[str]:
    """Wade-Giles <-> pinyin of a name of two words or more shaped like a Chinese personal name."""
    if len(text.split()) < 2:
        return []
    if "-" in text or "'" in text or "’" in text:
        for reading in _aspirated(text):  # as typed first
            pinyin = wadegiles.wade_giles_to_pinyin(reading)
            if pinyin and wadegiles.is_chinese_personal_name(pinyin):
                forms = [form for form in (reading, pinyin, *irregular.equivalents(pinyin))
                         if form != text and held(form)]
                if forms:
                    return forms
        return []
    if wadegiles.is_chinese_personal_name(text):
        forms = _wade_giles_forms(text)
        return forms + [other for form in forms for other in irregular.equivalents(form)]
    return []


def _aspirated(text: str) -> list[str]:
    """A Wade-Giles name as typed, and with the apostrophes of aspiration that it may have left out
    ("Yeh Kung-chao" may be Yeh Kung-ch'ao: 叶公超, Ye Gongchao), up to 16 readings."""
    parts = re.split(r"(\W+)", text)
    options = [[part, *(re.sub(r"^(ch|k|p|ts|t)(?=[aeiouü])", r"\1'", part, flags=re.IGNORECASE),)]
               if part.isalpha() and "'" not in part else [part] for part in parts]
    readings = ["".join(choice) for choice in itertools.islice(itertools.product(*options), 16)]
    return list(dict.fromkeys(readings))


def _russian_forms(text: str) -> list[str]:
    """A Russian surname in Cyrillic and its English, German and French spellings, from any of them;
    a name of two or three words ending in one ("Nikita Khrushchev") from its English spelling."""
    word = text.strip()
    if " " in word:
        return _russian_full_name(word)
    if not word.isalpha() or len(word) < 4 or not word.lower().endswith(RUSSIAN_ENDINGS):
        return []
    english = russian.to_cyrillic(word)
    guesses = [english] if bgn_pcgn.english(english).lower() == word.lower() else []
    for letters, convention in ((GERMAN_LETTERS, german.romanize), (FRENCH_LETTERS, french.romanize)):
        guesses += [g for g in _read_back(word.lower(), letters)
                    if convention(g.capitalize()).lower() == word.lower()]
    forms: dict[str, None] = {}
    for cyrillic in dict.fromkeys(g.capitalize() for g in guesses if CYRILLIC.fullmatch(g)):
        for spell in (str, bgn_pcgn.english, german.romanize, french.romanize):
            forms.setdefault(spell(cyrillic))
    return list(forms)


def _russian_full_name(name: str) -> list[str]:
    words = name.split()
    if len(words) > 3 or not all(w.isalpha() for w in words) or not _russian_forms(words[-1]):
        return []
    cyrillic = russian.to_cyrillic(name)
    if not CYRILLIC.fullmatch(cyrillic.replace(" ", "")):
        return []
    if bgn_pcgn.english(cyrillic).lower() != name.lower():
        return []
    return list(dict.fromkeys(spell(cyrillic) for spell in (str, german.romanize, french.romanize)))


def _read_back(word: str, letters: dict[str, str]) -> list[str]:
    """Every Cyrillic spelling the letter groups allow for a Latin word (at most MOST_GUESSES)."""
    longest = max(map(len, letters))
    options, i = [], 0
    while i < len(word):
        for length in range(min(longest, len(word) - i), 0, -1):
            piece = word[i:i + length]
            if piece in letters or (length == 1 and piece in PLAIN_LETTERS):
                options.append((letters.get(piece) or PLAIN_LETTERS[piece]).split())
                i += length
                break
        else:
            return []  # a letter the convention does not use for Russian
    return ["".join(choice) for choice in itertools.islice(itertools.product(*options), MOST_GUESSES)]
