"""Russian Cyrillic -> Latin in the BGN/PCGN 1947 system (US and UK geographic names boards).

Хрущёв -> Khrushchëv, Ельцин -> Yel’tsin; `english` drops the diaeresis and the sign marks for
the usual English spelling: Khrushchev, Yeltsin; `phonetic` writes ё as pronounced: Khrushchov.
"""

from __future__ import annotations

from archivist.enrich.romanize.cyrillic import Scheme, table, transliterate

SCHEME = Scheme(
    "bgn-pcgn",
    letters=table("а=a б=b в=v г=g д=d е=e ё=ë ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s "
                  "т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=” ы=y ь=’ э=e ю=yu я=ya"),
    after_vowel={"е": "ye", "ё": "yë"},
)
PHONETIC = Scheme(
    "english-phonetic",
    letters={**SCHEME.letters, "ё": "yo", "ъ": "", "ь": ""},
    after_vowel={"е": "ye", "ё": "yo"},
    after_sibilant={"ё": "o"},
)


def romanize(text: str) -> str:
    return transliterate(text, SCHEME)


def phonetic(text: str) -> str:
    """English spelling as pronounced: ё is o after ж ч ш щ, else yo (Khrushchov, Fyodorov)."""
    return transliterate(text, PHONETIC)


def english(text: str) -> str:
    """BGN/PCGN without diacritics or sign marks, as English-language newspapers write names."""
    return romanize(text).replace("ë", "e").replace("Ë", "E").replace("’", "").replace("”", "")
