"""English spellings of Russian names back to Cyrillic, a best guess: Khrushchev -> Хрущёв.

Used only for people an authority record describes as Soviet or Russian, so that their names can
be given the German and French spellings (Chruschtschow, Khrouchtchev) that are made from Cyrillic.
The guess follows the English (BGN/PCGN-style) letters: shch щ, kh х, zh ж, ch ч, sh ш, ts ц,
ya я, yu ю, ye е; y after a consonant is ы, at the end -ий; i after a vowel is й; -ev after ж ч ш щ
is -ёв (Khrushchev, Gorbachev), as in most Russian surnames of that shape. Soft signs, which the
English spelling drops, stay lost.
"""

from __future__ import annotations

import re

from archivist.enrich.names import wordset

HINTS = wordset("soviet ussr u.s.s.r. russia russian moscow kremlin cpsu politburo bolshevik")
LETTERS = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"),
           ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
           ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
           ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
           ("f", "ф"), ("y", "ы")]
VOWELS = frozenset("аеёиоуыэюя")
SIBILANTS = frozenset("жчшщ")
LATIN_WORD = re.compile(r"[A-Za-z]+")


# Endings of most Russian (and other Soviet) surnames as English spells them.
SURNAME_ENDINGS = ("ov", "ev", "in", "yn", "sky", "skiy", "ski", "ko", "yan", "dze", "ich", "uk", "ets",
                   "ik", "ok", "ykh", "ikh")


def is_russian(description: str, surname: str = "") -> bool:
    """Whether a person looks Soviet or Russian: the description says so and the surname has the
    shape of a Russian one in English spelling (only letters the English spelling uses for Russian,
    and a usual ending), which keeps out "Thompson, Ambassador to the Soviet Union"."""
    if not any(word in HINTS for word in re.findall(r"[\w.]+", description.lower())):
        return False
    if not surname:
        return True
    word = surname.lower()
    single_letters = re.sub("shch|kh|zh|ch|sh", "", word)
    return word.isalpha() and not set(single_letters) & set("chjqwx") and word.endswith(SURNAME_ENDINGS)


def to_cyrillic(name: str) -> str:
    """ "Nikita Khrushchev" -> "Никита Хрущёв"; initials and punctuation are kept as they are.
    Letters English never uses for Russian (c, h alone, j, q, w, x) are left in Latin."""
    return LATIN_WORD.sub(lambda match: _word(match.group()), name)


def _word(word: str) -> str:
    if len(word) == 1:
        return word
    lower, out, i = word.lower(), "", 0
    while i < len(lower):
        latin, cyrillic = next(((lat, cyr) for lat, cyr in LETTERS if lower.startswith(lat, i)),
                               (lower[i], lower[i]))
        previous = out[-1:] if out else ""
        if latin == "e" and (not out or previous in VOWELS):
            cyrillic = "э" if not out else "е"
        elif latin == "y" and previous in VOWELS:
            cyrillic = "й"
        elif latin == "y" and i == len(lower) - 1:
            cyrillic = "ий"
        elif latin == "i" and previous in VOWELS and (i == len(lower) - 1 or lower[i + 1] not in "aeiouy") \
                and lower[i:] != "il":  # Andrei, Aleksei, Mikhailovich; but Mikhail
            cyrillic = "й"
        elif latin == "e" and previous in SIBILANTS and lower[i:] == "ev":
            cyrillic = "ё"
        out += cyrillic
        i += len(latin)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out
