"""Russian Cyrillic -> French spelling: Хрущёв -> Khrouchtchev, Сталин -> Staline.

у is ou, ж j, ш ch, ч tch, щ chtch, х kh; ё is written e after a consonant (as Russian print
writes е), я/ю/е after a vowel are ïa/ïou/ïe (Mikoïan); с between vowels is ss; names in -ин take
the French -ine, -ский becomes -ski; г before e/i is gu (Sergueï).
"""

from __future__ import annotations

from archivist.enrich.romanize.cyrillic import Scheme, table, transliterate

SCHEME = Scheme(
    "french",
    letters=table("а=a б=b в=v г=g д=d е=e ё=e ж=j з=z и=i й=ï к=k л=l м=m н=n о=o п=p р=r с=s "
                  "т=t у=ou ф=f х=kh ц=ts ч=tch ш=ch щ=chtch ъ= ы=y ь= э=e ю=iou я=ia"),
    after_vowel={"я": "ïa", "ю": "ïou", "е": "ïe", "ё": "io"},
    between_vowels={"с": "ss"},
    before_front_vowel={"г": "gu"},
    endings={"ский": "ski", "ий": "i", "ый": "y", "ин": "ine"},
)


def romanize(text: str) -> str:
    """Word-initial я/ю/е are Ia/Iou/E in French (Iakovlev, Iouri, Eltsine)."""
    return transliterate(text, SCHEME).replace("Ïa", "Ia").replace("Ïou", "Iou").replace("Ïe", "E")
