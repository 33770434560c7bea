"""Coordinates for the archive's places from the gazetteer, never over a curator's or an import's.

A place's coordinates say where they came from (Authority.coordinates_source): "curator" (typed in the
admin, or cleared there: no coordinates is a decision too), "import" (a file gave them), "gazetteer"
(found here by the place's names), or "" (none yet; or, in an archive older than the field, given by
someone: those are left alone as well). `locate_places` fills only places without coordinates and
without a source; `again` looks anew at those the gazetteer placed (a name changed since), clearing
them where their names no longer find one. What changes is one revision of the history and reaches the
outbox, as other edits of authority records do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.defaultfilters import pluralize

from archivist.curation.history import add_authorities, command_comment, recorded
from archivist.places.gazetteer import Answer, gazetteer
from archivist.records.models import Authority, AuthorityKind
from archivist.records.recordformat import RecordError
from archivist.records.services import touch_documents_of

GAZETTEER = "gazetteer"
LOCATED_BATCH = 500  # places read (with their names) per query


@dataclass
class LocateReport:
    """What a run of the gazetteer did: the places it placed, left ambiguous, or did not find."""

    located: list[tuple[Authority, Answer]] = field(default_factory=list)
    ambiguous: list[tuple[Authority, Answer]] = field(default_factory=list)
    missing: list[Authority] = field(default_factory=list)
    cleared: list[Authority] = field(default_factory=list)  # gazetteer's coordinates no name finds now

    def summary(self) -> str:
        found = len(self.located)
        text = (f"{found} place{pluralize(found)} located, {len(self.ambiguous)} ambiguous, "
                f"{len(self.missing)} not in the gazetteer")
        by_size = sum(answer.by_population for _, answer in self.located)
        if by_size:
            text += f" ({by_size} chosen as by far the most populous of their name)"
        if self.cleared:
            text += f"; {len(self.cleared)} cleared, their names no longer finding them"
        return text


def locate_places(keys: Iterable[str] = (), ids: Iterable[int] | None = None, again: bool = False,
                  comment: str | None = None) -> LocateReport:
    """Give coordinates from the gazetteer to the places (all, or these keys or ids) that have none.

    With `again`, places the gazetteer located before are looked up anew. Coordinates a curator or an
    import gave are never touched. The gazetteer is read only when a place is to be looked up. A key
    that is no place's is refused (RecordError) before anything changes."""
    places = Authority.objects.filter(kind=AuthorityKind.PLACE).order_by("pk")
    keys = list(keys)
    if keys:
        places = places.filter(key__in=keys)
        unknown = sorted(set(keys) - set(places.values_list("key", flat=True)))
        if unknown:
            raise RecordError("key", f"no place {', '.join(map(repr, unknown))}: nothing was changed")
    if ids is not None:
        places = places.filter(pk__in=list(ids))
    ours = Q(coordinates_source="", latitude__isnull=True) | Q(coordinates_source="", longitude__isnull=True)
    if again:
        ours |= Q(coordinates_source=GAZETTEER)
    pks = list(places.filter(ours).values_list("pk", flat=True))
    report = LocateReport()
    if not pks:
        return report
    places_gazetteer = gazetteer()
    with recorded(comment or command_comment()):
        for start in range(0, len(pks), LOCATED_BATCH):
            for place in Authority.objects.filter(pk__in=pks[start:start + LOCATED_BATCH]).prefetch_related(
                    "variants"):
                _note(place, places_gazetteer.locate(names_of(place)), report)
        add_authorities([place.pk for place, _ in report.located] + [place.pk for place in report.cleared])
    return report


def names_of(place: Authority) -> list[str]:
    """Every name of a place: its display and sort names, then its variant names (curated and generated:
    Peking, Pei-ching, 北京)."""
    return [place.display_name, place.sort_name, *(v.name for v in place.variants.all())]


def _note(place: Authority, answer: Answer, report: LocateReport) -> None:
    """Write the answer and count it: a place located anew (unchanged ones are not counted again),
    ambiguous, missing, or cleared."""
    changed = _write(place, answer)
    if answer.place is not None:
        if changed:
            report.located.append((place, answer))
        return
    if answer.ambiguous:
        report.ambiguous.append((place, answer))
    else:
        report.missing.append(place)
    if changed:
        report.cleared.append(place)


def _write(place: Authority, answer: Answer) -> bool:
    """The answer's coordinates onto the place, or none where it finds none; whether that changed it.
    A change reaches the outbox."""
    if answer.place is not None:
        coordinates = (answer.place.latitude, answer.place.longitude, GAZETTEER)
    else:
        coordinates = (None, None, "")
    if coordinates == (place.latitude, place.longitude, place.coordinates_source):
        return False
    place.latitude, place.longitude, place.coordinates_source = coordinates
    Authority.objects.filter(pk=place.pk).update(latitude=place.latitude, longitude=place.longitude,
                                                 coordinates_source=place.coordinates_source)
    touch_documents_of(place)
    return True
