"""Russian Cyrillic -> German spelling (Duden conventions): Хрущёв -> Chruschtschow.

в is w, ж and ш sch, ч tsch, щ schtsch, х ch, ц z; е is je and ё jo at the start of a word or
after a vowel, ё is o after a sibilant; с between vowels is ss; -ий/-ый end as -i/-y.
"""

from __future__ import annotations

from archivist.enrich.romanize.cyrillic import Scheme, table, transliterate

SCHEME = Scheme(
    "german",
    letters=table("а=a б=b в=w г=g д=d е=e ё=jo ж=sch з=s и=i й=i к=k л=l м=m н=n о=o п=p р=r "
                  "с=s т=t у=u ф=f х=ch ц=z ч=tsch ш=sch щ=schtsch ъ= ы=y ь= э=e ю=ju я=ja"),
    after_vowel={"е": "je", "ё": "jo"},
    after_sibilant={"ё": "o"},
    between_vowels={"с": "ss"},
    endings={"ский": "ski", "ий": "i", "ый": "y"},
)


def romanize(text: str) -> str:
    return transliterate(text, SCHEME)
