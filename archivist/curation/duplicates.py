"""Likely duplicate person records for a curator, and merging records that denote the same.

`find_duplicates` pairs the people whose names agree (records.identity) but whom no import merged:
the evidence is not sure (identifications share no word, only initials agree) or both records came
before it. `merge_authorities` makes one record of several: the kept record takes the others' links,
mentions, names (as variant names), identifiers and children; their keys lead to it (their pages
answer 301, their imports update it); one revision of the history says so, and the documents of both
go to the outbox for reindexing. The command line and the admin's action call these (docs/curation.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import pluralize

from archivist.curation.history import add_authorities, add_documents, recorded
from archivist.enrich.models import Mention
from archivist.enrich.services import regenerate_variants_of
from archivist.records import identity
from archivist.records.models import (
    Authority,
    AuthorityKind,
    Change,
    DistinctAuthorities,
    Link,
    MergedAuthority,
    VariantName,
)
from archivist.records.recordformat import RecordError

# A link's status when two are merged: the stronger stays. A judgment beats a proposal.
STRENGTH = {Link.Status.CURATED: 3, Link.Status.ACCEPTED: 2, Link.Status.REJECTED: 1, Link.Status.PROPOSED: 0}


@dataclass
class Duplicate:
    """Two records that may denote one person, the one likelier to be kept first."""

    keep: Authority
    other: Authority
    evidence: identity.Evidence


def find_duplicates(kind: str = AuthorityKind.PERSON, least: float = identity.LIKELY) -> list[Duplicate]:
    """Pairs of records of a kind whose evidence reaches `least`, surest first; a few queries in all.
    People compare by names, identifications and dates; organizations and places by their names
    (one's name a variant of the other's) and descriptions."""
    records = list(Authority.objects.filter(kind=kind).order_by("pk"))
    facts = identity.facts_of(records)
    blocks: dict[str, list[Authority]] = defaultdict(list)
    person = kind == AuthorityKind.PERSON
    for authority in records:  # only records sharing a surname or a name are compared
        keys = {name for name in facts[authority.pk].names if len(name.split()) > 1 or not person}
        name = identity.person_name(authority.sort_name)
        if name.inverted and person:
            keys.add(f"surname:{name.surname}")
        for key in keys:
            blocks[key].append(authority)
    pairs: dict[tuple[int, int], Duplicate] = {}
    judged = set(DistinctAuthorities.objects.values_list("one_id", "other_id"))  # different, a curator said
    links = _link_counts([a.pk for a in records])
    for block in blocks.values():
        for index, one in enumerate(block):
            for other in block[index + 1:]:
                pair = (min(one.pk, other.pk), max(one.pk, other.pk))
                if pair in pairs or pair in judged:
                    continue
                evidence = identity.compare(facts[one.pk], facts[other.pk])
                if evidence.confidence >= least:
                    keep, merged = sorted((one, other), key=lambda a: (-links.get(a.pk, 0), a.pk))
                    pairs[pair] = Duplicate(keep, merged, evidence)
    return sorted(pairs.values(), key=lambda d: (-d.evidence.confidence, d.keep.sort_name, d.other.pk))


def merge_sure(authority_ids: set[int], added: set[int] = frozenset(), how: str = "") -> int:
    """Merge the pairs of people the evidence is sure of (and no curator judged different) one of
    which is among `authority_ids`, an import's records: the same person stored apart by sources that
    said too little in common, whom a later source tells to be one. Never two records the import
    `added` (a source lists each person once). Returns how many were merged."""
    ids = sorted(authority_ids)
    touched = {pk for start in range(0, len(ids), 400) for pk in Authority.objects.filter(
        pk__in=ids[start:start + 400], kind=AuthorityKind.PERSON).values_list("pk", flat=True)}
    if not touched:
        return 0
    gone: set[int] = set()
    for pair in find_duplicates(least=identity.SURE):
        both = {pair.keep.pk, pair.other.pk}
        if both & touched and not both & gone and not both <= added:
            merge_authorities(pair.keep, [pair.other], how=how)
            gone.add(pair.other.pk)
    return len(gone)


def _link_counts(ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    counts: dict[int, int] = {}
    for start in range(0, len(ids), 400):
        counts.update(Link.objects.filter(authority_id__in=ids[start:start + 400])
                      .values_list("authority_id").annotate(n=Count("id")).values_list("authority_id", "n"))
    return counts


def find_authority(reference: str) -> Authority:
    """A record by "kind/key" or by a key only one kind has; a merged record's key finds the one kept."""
    kind, _, key = reference.rpartition("/")
    kinds = [kind] if kind else list(AuthorityKind.values)
    if kind and kind not in AuthorityKind.values:
        raise RecordError("authority", f"{reference!r}: {kind!r} is not a kind of record; kinds are "
                                       f"{', '.join(AuthorityKind.values)}")
    found = list(Authority.objects.filter(kind__in=kinds, key=key))
    if not found:
        found = list({row.authority for row in MergedAuthority.objects.filter(kind__in=kinds, key=key)
                      .select_related("authority")})
    if not found:
        raise RecordError("authority", f"no authority record {reference!r}")
    if len(found) > 1:
        raise RecordError("authority", f"{reference!r} is the key of a {found[0].kind} and a "
                                       f"{found[1].kind}: write kind/key, e.g. {found[0].kind}/{key}")
    return found[0]


def mark_distinct(records: list[Authority], decided_by: str) -> int:
    """A curator's judgment that these records denote different people: no pair of them is listed as
    likely duplicates again. Returns how many pairs were not judged so before."""
    ids = sorted({a.pk for a in records})
    pairs = [(one, other) for index, one in enumerate(ids) for other in ids[index + 1:]]
    if not pairs:
        raise RecordError("other", "name two different records")
    known = set(DistinctAuthorities.objects.filter(one_id__in=ids, other_id__in=ids)
                .values_list("one_id", "other_id"))
    DistinctAuthorities.objects.bulk_create(
        DistinctAuthorities(one_id=one, other_id=other, decided_by=decided_by[:300])
        for one, other in pairs if (one, other) not in known)
    return len(set(pairs) - known)


@dataclass
class MergeReport:
    keep: Authority
    merged: list[str]  # "kind/key" of each record merged
    links_moved: int = 0
    links_joined: int = 0  # links of both to the same document in the same role: one kept
    mentions: int = 0
    documents: int = 0

    def summary(self) -> str:
        return (f"merged {', '.join(self.merged)} into {self.keep.kind}/{self.keep.key} "
                f"({self.keep.sort_name}): {self.links_moved} link{pluralize(self.links_moved)} moved, "
                f"{self.links_joined} joined, {self.mentions} mention{pluralize(self.mentions)}, "
                f"{self.documents} document{pluralize(self.documents)} to reindex")


def merge_authorities(keep: Authority, others: list[Authority], user=None, how: str = "") -> MergeReport:
    """Make one record of `keep` and `others`, in one revision of the history; `others` are removed.

    The revision's comment names the records, and `how` the merge was asked for (a command line).

    Raises RecordError (nothing changed) for a record given twice or the kept record among the others.
    """
    if not others:
        raise RecordError("other", "name at least one record to merge into the kept one")
    if any(other.pk == keep.pk for other in others) or len({o.pk for o in others}) != len(others):
        raise RecordError("other", "each record once, and the kept one not among those merged into it")
    report = MergeReport(keep, [f"{o.kind}/{o.key}" for o in others])
    named = ", ".join(f"{o.sort_name} ({o.kind}/{o.key})" for o in others)
    comment = f"Merged {named} into {keep.sort_name} ({keep.kind}/{keep.key})" + (f"; {how}" if how else "")
    with recorded(comment, user), transaction.atomic():
        keep = Authority.objects.select_for_update().get(pk=keep.pk)
        documents: set[int] = set(keep.links.values_list("document_id", flat=True))
        for other in others:
            other = Authority.objects.select_for_update().get(pk=other.pk)
            documents |= _merge_one(keep, other, report)
        keep.save()
        _touch(documents)
        report.documents = len(documents)
        add_documents(documents)
        add_authorities([keep.pk])
        regenerate_variants_of([keep.pk])  # from its names, joining this revision
    return report


def _coordinates_weight(authority: Authority) -> int:
    """Whose coordinates a merge keeps: a curator's (even none), then a file's or someone's before the
    source was recorded, then the gazetteer's, then none (archivist.places)."""
    if authority.coordinates_source == "curator":
        return 3
    if authority.latitude is None:
        return 0
    return 1 if authority.coordinates_source == "gazetteer" else 2


def _merge_one(keep: Authority, other: Authority, report: MergeReport) -> set[int]:
    """Move everything of `other` to `keep` and remove it; the ids of the documents it was linked to."""
    documents = set(other.links.values_list("document_id", flat=True))
    report.links_moved, report.links_joined = (a + b for a, b in zip(
        (report.links_moved, report.links_joined), _move_links(keep, other), strict=True))
    report.mentions += Mention.objects.filter(authority=other).update(authority=keep)
    variants = list(other.variants.values_list("name", "origin", "scheme"))
    curated = [name for name, origin, _ in variants if origin == VariantName.Origin.CURATED]
    identity.add_names(keep, [other.sort_name, other.display_name, *curated])
    keep.removed_variants = sorted(set(keep.removed_variants or ()) | set(other.removed_variants or ()))
    identifiers = dict(keep.identifiers or {})
    theirs = {k: v for k, v in (other.identifiers or {}).items() if k != identity.MERGED}
    identifiers[identity.MERGED] = [*(identifiers.get(identity.MERGED) or ()),
                                    {"key": other.key, **theirs},
                                    *((other.identifiers or {}).get(identity.MERGED) or ())]
    keep.identifiers = identifiers
    for name in ("dates", "description"):
        if getattr(keep, name) in ("", None) and getattr(other, name) not in ("", None):
            setattr(keep, name, getattr(other, name))
    if _coordinates_weight(other) > _coordinates_weight(keep):
        keep.latitude, keep.longitude = other.latitude, other.longitude
        keep.coordinates_source = other.coordinates_source
    if keep.parent_id is None and other.parent_id is not None and other.parent_id != keep.pk:
        keep.parent_id = other.parent_id
    Authority.objects.filter(parent=other).exclude(pk=keep.pk).update(parent=keep)
    MergedAuthority.objects.filter(authority=other).update(authority=keep)
    _judgments_move(other, keep)
    MergedAuthority.objects.filter(kind=other.kind, key=other.key).delete()
    MergedAuthority.objects.create(
        authority=keep, kind=other.kind, key=other.key, sort_name=other.sort_name,
        display_name=other.display_name, dates=other.dates, description=other.description,
        identifiers=theirs, how=MergedAuthority.How.CURATOR)
    if keep.parent_id == other.pk:
        keep.parent_id = other.parent_id
    keep.save()
    other.delete()
    return documents


def _judgments_move(other: Authority, keep: Authority) -> None:
    """Curators' judgments that `other` is not some record now hold for `keep`; theirs of the two
    records merged is settled by the merge."""
    judged = DistinctAuthorities.objects.filter(Q(one=other) | Q(other=other))
    moved = {(row.other_id if row.one_id == other.pk else row.one_id, row.decided_by) for row in judged}
    judged.delete()
    existing = set(DistinctAuthorities.objects.filter(Q(one=keep) | Q(other=keep))
                   .values_list("one_id", "other_id"))
    for pk, decided_by in moved:
        pair = (min(pk, keep.pk), max(pk, keep.pk))
        if pk != keep.pk and pair not in existing:
            DistinctAuthorities.objects.create(one_id=pair[0], other_id=pair[1], decided_by=decided_by)
            existing.add(pair)


def _move_links(keep: Authority, other: Authority) -> tuple[int, int]:
    """Other's links become keep's; where both link a document in one role, the stronger stays."""
    theirs = {(link.document_id, link.role): link for link in keep.links.all()}
    moved = joined = 0
    for link in list(other.links.all()):
        mine = theirs.get((link.document_id, link.role))
        if mine is None:
            link.authority = keep
            link.save(update_fields=["authority"])
            moved += 1
            continue
        if STRENGTH[link.status] > STRENGTH[mine.status]:
            mine.status = link.status
        mine.confidence = max(filter(lambda c: c is not None, (mine.confidence, link.confidence)),
                              default=None)
        mine.position = min(mine.position, link.position)
        mine.save(update_fields=["status", "confidence", "position"])
        link.delete()
        joined += 1
    return moved, joined


def _touch(document_ids: set[int]) -> None:
    from archivist.records.models import Document

    ids = sorted(document_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        record_ids = Document.objects.filter(pk__in=chunk).values_list("record_id", flat=True)
        Change.objects.bulk_create(Change(record_id=rid, action=Change.Action.UPSERT) for rid in record_ids)
