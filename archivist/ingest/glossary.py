"""A source's glossary, and the organizations it names.

FRUS volumes list their abbreviations ("AEC, Atomic Energy Commission", "GOJ, Government of Japan").
An expansion that names a body becomes an organization record, found by name like every other name an
import meets (one record for "Atomic Energy Commission" whichever volumes list it), with the
abbreviation as a variant name, so that `archivist enrich` links "AEC" and "Atomic Energy Commission"
in texts. Other abbreviations ("BOP, Balance of payments") stay glossary terms only.
"""

from __future__ import annotations

from dataclasses import dataclass

from archivist.records.bodies import names_a_body
from archivist.records.models import AuthorityKind, GlossaryTerm, VariantName
from archivist.records.services import AuthorityResolver

# A body's record, or a place's where the archive has one of that name ("Union of Soviet Socialist
# Republics" is the place Soviet Union's variant name): states are places in some authority files.
BODIES = (AuthorityKind.ORGANIZATION, AuthorityKind.PLACE)
LONGEST_NAME = VariantName._meta.get_field("name").max_length


@dataclass
class GlossaryEntry:
    source: str
    key: str
    term: str
    expansion: str


def save_glossary(source: str, entries: list[GlossaryEntry]) -> int:
    """Replace a source's glossary with these entries; returns how many it now has."""
    GlossaryTerm.objects.filter(source=source).delete()
    unique = {entry.key: entry for entry in entries}
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(source=source, key=e.key, term=e.term, expansion=e.expansion)
        for e in unique.values())
    return len(unique)


def save_organizations(entries: list[GlossaryEntry], resolver: AuthorityResolver) -> tuple[int, set[int]]:
    """The organization record of each entry that names a body (or the place of that name), made when
    the archive has none of that name (the resolver remembers those it made), its abbreviation added
    as a variant name unless it has it or a curator removed it. Returns how many entries name
    organizations and the ids of the records given a new name."""
    found, renamed = 0, set()
    for entry in entries:
        if not names_a_body(entry.expansion) or len(entry.expansion) > LONGEST_NAME:
            continue
        organization = resolver.by_name(entry.expansion, BODIES)
        found += 1
        names = set(organization.variants.values_list("name", flat=True))
        if entry.term not in names | {organization.display_name} | set(organization.removed_variants):
            VariantName.objects.create(authority=organization, name=entry.term,
                                       origin=VariantName.Origin.CURATED)
            renamed.add(organization.pk)
    return found, renamed
