"""Russian Cyrillic -> Latin in ISO 9:1995 (one Latin letter per Cyrillic letter, reversible).

Хрущёв -> Hruŝëv, Чайковский -> Čajkovskij.
"""

from __future__ import annotations

from archivist.enrich.romanize.cyrillic import Scheme, table, transliterate

SCHEME = Scheme(
    "iso9",
    letters=table("а=a б=b в=v г=g д=d е=e ё=ë ж=ž з=z и=i й=j к=k л=l м=m н=n о=o п=p р=r с=s "
                  "т=t у=u ф=f х=h ц=c ч=č ш=š щ=ŝ ъ=ʺ ы=y ь=ʹ э=è ю=û я=â"),
)


def romanize(text: str) -> str:
    return transliterate(text, SCHEME)
