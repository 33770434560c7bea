"""Whether two person records denote the same person, with the evidence, and one record per person.

The judgment is a pure function of what the records say (`compare`): their names (surname and
forenames, initials matching spelt-out names, variant names such as Wade-Giles and pinyin forms),
their identifications (the offices and words the editors describe them with) and their life dates.
Its verdict is "same" (sure: an import merges the records), "maybe" (a curator decides:
`archivist authorities duplicates`) or "different".

An import that brings a person the archive already has (`same_person`) keeps one record: the new
record's key is remembered as merged into it (`MergedAuthority`), so that the source's links, and its
later imports, reach the kept record (`absorb`, `update_merged`). docs/curation.md describes the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from archivist.records.merge import MERGED_IDENTIFIERS as MERGED
from archivist.records.merge import MERGED_NAMES
from archivist.records.models import Authority, AuthorityKind, MergedAuthority, VariantName

# MERGED: the key of a record's identifiers listing those of the records merged into it;
# MERGED_NAMES: the scheme of the variant names it took from them (records.merge).
SURE = 0.8  # at least: merged by an import
LIKELY = 0.5  # at least: listed as a likely duplicate

# Words of rank and address that are not forenames: "Bowen, General Frank Sayles, Jr.".
TITLES = frozenset({
    "general", "gen", "lieutenant", "lt", "major", "maj", "colonel", "col", "captain", "capt", "admiral",
    "adm", "vice", "rear", "marshal", "generalissimo", "sir", "senator", "sen", "ambassador", "dr", "mr",
    "mrs", "ms", "prince", "princess", "pandit", "president", "premier", "chairman", "comrade", "judge",
    "justice", "governor", "gov", "secretary", "minister", "lord", "lady", "king", "queen", "emperor",
    "field", "air", "brigadier", "commander", "cmdr", "sergeant"
})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
# Words an identification shares with any other: they say nothing of who the person is.
COMMON_WORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "from", "with", "until",
    "till", "thereafter", "after", "before", "since", "during", "also", "later", "earlier", "then", "as",
    "its", "his", "her", "their", "former", "acting", "deputy", "assistant", "special", "member",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec"
})
WORD = re.compile(r"[^\W\d_]+\.?", re.UNICODE)


@dataclass(frozen=True)
class PersonName:
    """A person's name taken apart: surname, forenames (initials as one letter), suffix."""

    surname: str
    forenames: tuple[str, ...]
    suffix: str = ""
    inverted: bool = True  # written "Surname, Forenames"; otherwise only whole names compare


@dataclass
class Facts:
    """What a record says of its person, as compare() reads it."""

    sort_name: str
    display_name: str = ""
    names: frozenset[str] = frozenset()  # every form of the name, normalized (variants included)
    identifications: tuple[str, ...] = ()  # descriptions (a merged record's too)
    dates: str = ""
    sources: frozenset[str] = frozenset()  # e.g. FRUS volumes whose persons lists name it
    person: bool = True  # else an organization or a place: only its whole names compare


@dataclass
class Evidence:
    names: str  # "same", "compatible", "initials", "different"
    identifications: str  # "agree", "differ", "unknown"
    dates: str  # "agree", "differ", "unknown"
    shared_words: tuple[str, ...] = ()
    shared_name: str = ""
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.confidence >= SURE:
            return "same"
        return "maybe" if self.confidence >= LIKELY else "different"

    def summary(self) -> str:
        """One line for a curator: what agrees and what does not."""
        return "; ".join(self.reasons)


def normalized(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and hyphen, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    return " ".join(text.casefold().split())


def person_name(sort_name: str) -> PersonName:
    """'Johnson, Lyndon B.' -> Johnson (Lyndon, B); 'Thompson, Llewellyn E., Jr.' keeps Jr apart;
    'Chiang Kai-shek, Generalissimo' has no forenames; 'Chou En-lai' is not inverted."""
    parts = [part.strip() for part in normalized(sort_name).split(",")]
    surname = parts[0]
    forenames: list[str] = []
    suffix = ""
    for part in parts[1:]:
        for word in WORD.findall(part):
            bare = word.rstrip(".")
            if bare in SUFFIXES and (part in (word, bare) or forenames):
                suffix = bare
            elif bare not in TITLES:
                forenames.append(bare)
    return PersonName(surname, tuple(forenames), suffix, inverted=len(parts) > 1)


def _token_agrees(one: str, other: str) -> bool:
    if one == other:
        return True
    if len(one) == 1 or len(other) == 1:  # an initial
        return one[0] == other[0]
    return False


def compare_names(one: PersonName, other: PersonName) -> str:
    """'same' (every forename spelt out and equal), 'compatible' (the first forename spelt out and
    equal, the others equal or initials of each other, or missing on one side), 'initials' (only
    initials or a bare surname agree) or 'different'."""
    if not (one.inverted and other.inverted) or one.surname != other.surname:
        return "different"
    if one.suffix and other.suffix and one.suffix != other.suffix:
        return "different"
    if not one.forenames or not other.forenames:
        return "same" if one.forenames == other.forenames else "initials"
    if not all(_token_agrees(a, b) for a, b in zip(one.forenames, other.forenames, strict=False)):
        return "different"
    if one.forenames == other.forenames:
        return "same"
    first_spelt = len(one.forenames[0]) > 1 and len(other.forenames[0]) > 1
    return "compatible" if first_spelt else "initials"


def identification_words(text: str) -> set[str]:
    """The words of an identification that tell who a person was: offices, places, bodies."""
    words = set()
    for word in WORD.findall(normalized(text)):
        word = word.rstrip(".").strip("'")
        if len(word) > 1 and word not in COMMON_WORDS:
            words.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return words


def _years(dates: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d{4}", dates))


def compare(one: Facts, other: Facts) -> Evidence:
    """Whether two records denote the same person, with the evidence and a confidence from 0 to 1."""
    own = {normalized(n) for n in (one.sort_name, one.display_name, other.sort_name, other.display_name)}
    person = one.person and other.person
    shared_name = sorted((name for name in one.names & other.names if len(name.split()) > 1 or not person),
                         key=lambda name: (name not in own, name))  # a record's own name first
    names = compare_names(person_name(one.sort_name), person_name(other.sort_name)) if person else "different"
    one_name, other_name = person_name(one.sort_name), person_name(other.sort_name)
    namesakes = person and names == "different" and one_name.inverted and other_name.inverted and (
        one_name.surname == other_name.surname)  # John F. and Robert F. Kennedy, whatever their variants
    if shared_name and not namesakes:  # one is called by the other's name (Chou En-lai, Zhou Enlai)
        names = "same"
    evidence = Evidence(names=names, identifications="unknown", dates="unknown",
                        shared_name=shared_name[0] if shared_name else "")
    if names == "different":
        evidence.reasons.append(f"names differ ({one.sort_name} / {other.sort_name})")
        return evidence
    name_score = {"same": 0.6, "compatible": 0.5, "initials": 0.3}[names]
    if names == "same" and shared_name and normalized(one.sort_name) != normalized(other.sort_name):
        evidence.reasons.append(f"names agree: both are called {shared_name[0]!r}")
    else:
        evidence.reasons.append(f"names {'agree' if names == 'same' else 'compatible'}: "
                                f"{one.sort_name} / {other.sort_name}")
    score = name_score
    words_one = set().union(*(identification_words(t) for t in one.identifications))
    words_other = set().union(*(identification_words(t) for t in other.identifications))
    if words_one and words_other:
        shared = tuple(sorted(words_one & words_other))
        evidence.shared_words = shared
        evidence.identifications = "agree" if shared else "differ"
        if shared:  # one word alone (an "ambassador") is weaker evidence than an office's words
            score += 0.3 if len(shared) > 1 else 0.2
            evidence.reasons.append(f"identifications share {', '.join(shared[:6])}")
        else:
            evidence.reasons.append("identifications share no words")
    years_one, years_other = _years(one.dates), _years(other.dates)
    if years_one and years_other:  # "b. 1898" agrees with "1898-1976"; "1898-1975" does not
        if set(years_one) <= set(years_other) or set(years_other) <= set(years_one):
            evidence.dates = "agree"
            score += 0.1
            evidence.reasons.append(f"dates agree ({one.dates})")
        else:
            evidence.dates = "differ"
            evidence.reasons.append(f"dates differ ({one.dates} / {other.dates})")
            score = 0.0
    if one.sources & other.sources:
        both = ", ".join(sorted(one.sources & other.sources))
        evidence.reasons.append(f"both in the persons list of {both}")
        score = min(score, LIKELY - 0.01)  # editors list one person once: never the same
    evidence.confidence = round(min(score, 1.0), 2)
    return evidence


# Reading records ----------------------------------------------------------------------------------

def sources_of(identifiers: dict) -> set[str]:
    """The persons lists a record (and those merged into it) came from: FRUS volumes."""
    found = {identifiers["frus_volume"]} if identifiers.get("frus_volume") else set()
    for merged in identifiers.get(MERGED) or ():
        if isinstance(merged, dict) and merged.get("frus_volume"):
            found.add(merged["frus_volume"])
    return found


def facts_of_record(sort_name: str, display_name: str, description: str, dates: str,
                    identifiers: dict, variants: Iterable[str] = ()) -> Facts:
    """The facts of a record about to be stored; its generated variant names count as its names."""
    from archivist.enrich.variants import generate_variants

    known = tuple(variants)
    generated = [name for name, _ in generate_variants(sort_name, display_name, AuthorityKind.PERSON,
                                                       known, description)]
    names = {normalized(n) for n in (sort_name, display_name, *known, *generated) if n}
    return Facts(sort_name, display_name, frozenset(names), (description,) if description else (),
                 dates, frozenset(sources_of(identifiers)))


def facts_of(authorities: list[Authority]) -> dict[int, Facts]:
    """The facts of stored records, by id, in a few queries: variants and merged records included."""
    ids = [a.pk for a in authorities]
    variants: dict[int, set[str]] = {pk: set() for pk in ids}
    merged: dict[int, list[str]] = {pk: [] for pk in ids}
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        names = VariantName.objects.filter(authority_id__in=chunk).values_list("authority_id", "name")
        for pk, name in names:
            variants[pk].add(normalized(name))
        for pk, description in (MergedAuthority.objects.filter(authority_id__in=chunk)
                                .exclude(description="").values_list("authority_id", "description")):
            merged[pk].append(description)
    return {a.pk: Facts(a.sort_name, a.display_name,
                        frozenset({normalized(a.sort_name), normalized(a.display_name)} | variants[a.pk]),
                        tuple(filter(None, [a.description, *merged[a.pk]])), a.dates,
                        frozenset(sources_of(a.identifiers or {})), a.kind == AuthorityKind.PERSON)
            for a in authorities}


class People:
    """The stored records of a kind by their names, read once (an import's person records are compared
    with those stored before it: its own are never candidates)."""

    def __init__(self, kind: str = AuthorityKind.PERSON) -> None:
        self.by_name: dict[str, set[int]] = {}
        self.by_surname: dict[str, set[int]] = {}
        rows = Authority.objects.filter(kind=kind).values_list("pk", "sort_name", "display_name")
        for pk, sort_name, display_name in rows.iterator(chunk_size=2000):
            for name in (sort_name, display_name):
                self.by_name.setdefault(normalized(name), set()).add(pk)
            parsed = person_name(sort_name)
            if parsed.inverted:
                self.by_surname.setdefault(parsed.surname, set()).add(pk)
        variants = VariantName.objects.filter(authority__kind=kind).values_list("authority_id", "name")
        for pk, name in variants.iterator(chunk_size=2000):
            self.by_name.setdefault(normalized(name), set()).add(pk)

    def candidates(self, facts: Facts, exclude: Iterable[int] = ()) -> list[Authority]:
        """Stored records that may denote the person: the same surname, or one of its names."""
        ids = set().union(*(self.by_name.get(name, ()) for name in facts.names))
        parsed = person_name(facts.sort_name)
        if parsed.inverted:
            ids |= self.by_surname.get(parsed.surname, set())
        ids -= set(exclude)
        return list(Authority.objects.filter(pk__in=sorted(ids))) if ids else []


@dataclass
class Match:
    authority: Authority
    evidence: Evidence


def same_person(facts: Facts, people: People, exclude: Iterable[int] = ()) -> Match | None:
    """The stored record surely denoting the person, or None.

    Several records may be sure: the same person's, stored apart by sources that said too little
    in common (Bohlen of the China volume, an ambassador, and of the Japan volume, an under secretary,
    before the Kennedy volume's, who was both). Then the surest is taken, unless two of them are
    different people (John A. and John B. Smith) or equally sure: then none, left to a curator.
    """
    found = people.candidates(facts, exclude=exclude)
    stored = facts_of(found)
    sure = [Match(a, compare(facts, stored[a.pk])) for a in found]
    sure = sorted((match for match in sure if match.evidence.verdict == "same"),
                  key=lambda match: (-match.evidence.confidence, match.authority.pk))
    if len(sure) > 1:
        if sure[0].evidence.confidence == sure[1].evidence.confidence:
            return None
        if any(compare(stored[one.authority.pk], stored[other.authority.pk]).verdict == "different"
               for index, one in enumerate(sure) for other in sure[index + 1:]):
            return None
    return sure[0] if sure else None


# Records merged at import -------------------------------------------------------------------------

def absorb(kept: Authority, kind: str, key: str, values: dict, variants: list[str], how: str,
           evidence: str) -> MergedAuthority:
    """A new record of an import (`values`: its fields) becomes part of `kept`: its key leads there,
    its identifiers join kept's, its names become kept's variant names, and fields kept lacks (dates,
    description) are taken from it. Kept's own values stay: a curator's or an import's base."""
    merged = MergedAuthority.objects.create(
        authority=kept, kind=kind, key=key, how=how, evidence=evidence[:1000], **_snapshot(values))
    identifiers = dict(kept.identifiers or {})
    entries = [e for e in identifiers.get(MERGED) or () if isinstance(e, dict) and e.get("key") != key]
    own = {k: v for k, v in (values.get("identifiers") or {}).items() if k != MERGED}
    identifiers[MERGED] = [*entries, {"key": key, **own}]
    kept.identifiers = identifiers
    for name in ("dates", "description"):
        if not getattr(kept, name) and values.get(name):
            setattr(kept, name, values[name])
    kept.save()
    add_names(kept, [values.get("sort_name", ""), values.get("display_name", ""), *variants])
    return merged


def update_merged(merged: MergedAuthority, values: dict) -> bool:
    """A later import of a merged record's key: its snapshot follows the file; the kept record is the
    curators' (or its own source's) and is left as it is. Whether the snapshot changed."""
    snapshot = _snapshot(values)
    if all(getattr(merged, name) == value for name, value in snapshot.items()):
        return False
    for name, value in snapshot.items():
        setattr(merged, name, value)
    merged.save()
    return True


def _snapshot(values: dict) -> dict:
    return {"sort_name": values.get("sort_name", ""), "display_name": values.get("display_name", ""),
            "dates": values.get("dates") or "", "description": values.get("description") or "",
            "identifiers": {k: v for k, v in (values.get("identifiers") or {}).items() if k != MERGED}}


def add_names(kept: Authority, names: Iterable[str]) -> None:
    """Names of a record merged into `kept` become its variant names (curated, of the scheme
    "merged": imports of kept's own source leave them be), unless it has them already or a curator
    removed them."""
    have = {kept.sort_name, kept.display_name, *kept.variants.values_list("name", flat=True)}
    removed = set(kept.removed_variants or ())
    new = [n for n in dict.fromkeys(names) if n and n not in have and n not in removed]
    VariantName.objects.bulk_create(
        VariantName(authority=kept, name=n[:500], origin=VariantName.Origin.CURATED, scheme=MERGED_NAMES)
        for n in new)


def keep_merged_keys(authority: Authority) -> None:
    """A new record whose identifiers list records merged into it (an export loaded into another
    archive): their keys lead to it, as in the archive it came from, unless they name records here."""
    keys = {entry["key"]: entry for entry in (authority.identifiers or {}).get(MERGED) or ()
            if isinstance(entry, dict) and entry.get("key")}
    taken = set(Authority.objects.filter(kind=authority.kind, key__in=list(keys))
                .values_list("key", flat=True))
    taken |= set(MergedAuthority.objects.filter(kind=authority.kind, key__in=list(keys))
                 .values_list("key", flat=True))
    MergedAuthority.objects.bulk_create(
        MergedAuthority(authority=authority, kind=authority.kind, key=key, how=MergedAuthority.How.IMPORT,
                        identifiers={k: v for k, v in entry.items() if k != "key"},
                        evidence="listed among the records merged into it by the file")
        for key, entry in keys.items() if key not in taken)


def merged_into(kind: str, key: str) -> Authority | None:
    """The record a merged record's key now leads to, or None."""
    row = MergedAuthority.objects.filter(kind=kind, key=key).select_related("authority").first()
    return row.authority if row else None
