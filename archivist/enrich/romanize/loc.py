"""Russian Cyrillic -> Latin in the ALA-LC (Library of Congress) romanization.

Strict form with its tie ligatures and diacritics (Микоян -> Mikoi͡an, Хрущёв -> Khrushchëv);
`plain` drops them, as catalogues without full Unicode do (Mikoian, Khrushchev).
"""

from __future__ import annotations

import unicodedata

from archivist.enrich.romanize.cyrillic import Scheme, table, transliterate

SCHEME = Scheme(
    "loc",
    letters=table("а=a б=b в=v г=g д=d е=e ё=ë ж=zh з=z и=i й=ĭ к=k л=l м=m н=n о=o п=p р=r с=s "
                  "т=t у=u ф=f х=kh ц=t͡s ч=ch ш=sh щ=shch ъ=ʺ ы=y ь=ʹ э=ė ю=i͡u я=i͡a"),
)


def romanize(text: str) -> str:
    return transliterate(text, SCHEME)


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", romanize(text))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "ʺʹ")
    return unicodedata.normalize("NFC", kept)
