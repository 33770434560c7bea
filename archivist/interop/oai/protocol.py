"""The six OAI-PMH 2.0 verbs and their errors: a request's arguments in, the reply's XML out.

http://www.openarchives.org/OAI/openarchivesprotocol.html; docs/oai.md says what this archive gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from lxml import etree

from archivist.config import int_setting, setting
from archivist.interop.oai.formats import METADATA_FORMATS, NOT_IN_XML, XSI, MetadataFormat, schema_url
from archivist.interop.oai.harvestable import set_names
from archivist.interop.oai.models import HarvestRecord
from archivist.interop.oai.tokens import BadToken, Position, make_token, read_token

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
LISTS = ("ListIdentifiers", "ListRecords")


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Verb:
    required: frozenset[str]
    optional: frozenset[str]
    exclusive: str | None  # an argument that stands alone besides the verb


def _verb(required=(), optional=(), exclusive=None) -> Verb:
    return Verb(frozenset(required), frozenset(optional), exclusive)


VERBS = {
    "Identify": _verb(),
    "ListMetadataFormats": _verb(optional=["identifier"]),
    "ListSets": _verb(exclusive="resumptionToken"),
    "ListIdentifiers": _verb(["metadataPrefix"], ["from", "until", "set"], "resumptionToken"),
    "ListRecords": _verb(["metadataPrefix"], ["from", "until", "set"], "resumptionToken"),
    "GetRecord": _verb(["identifier", "metadataPrefix"]),
}


def respond(arguments: dict[str, list[str]], now: dt.datetime) -> bytes:
    """The reply to a request with these arguments (each name with every value given), as of `now`."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    _add(root, "responseDate", datestamp(now))
    request = _add(root, "request", base_url())
    try:
        verb, given = checked_arguments(arguments)
        # Only a request whose verb and arguments are right is repeated in the reply's <request>.
        request.set("verb", verb)
        for name, value in sorted(given.items()):
            request.set(name, value)
        root.append(HANDLERS[verb](given))
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):  # the protocol's rule: then the base URL alone
            request.attrib.clear()
        _add(root, "error", error.message).set("code", error.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def checked_arguments(arguments: dict[str, list[str]]) -> tuple[str, dict[str, str]]:
    verbs = arguments.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb: "
                                  f"{', '.join(VERBS)}.")
    verb, rules = verbs[0], VERBS[verbs[0]]
    given = {name: values for name, values in arguments.items() if name != "verb"}
    # One could be neither repeated in <request> nor quoted in an error's message.
    if any(NOT_IN_XML.search(text) for name, values in given.items() for text in (name, *values)):
        raise OaiError("badArgument", "An argument holds a character XML cannot hold.")
    repeated = sorted(name for name, values in given.items() if len(values) != 1)
    if repeated:
        raise OaiError("badArgument", f"Arguments may not be repeated: {', '.join(repeated)}.")
    unknown = sorted(set(given) - rules.required - rules.optional - {rules.exclusive})
    if unknown:
        raise OaiError("badArgument", f"{verb} takes no argument {', '.join(unknown)}.")
    if rules.exclusive in given:
        if len(given) > 1:
            raise OaiError("badArgument", f"{rules.exclusive} stands alone: no other argument with it.")
    elif not rules.required <= set(given):
        raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(rules.required - set(given)))}.")
    return verb, {name: values[0] for name, values in given.items()}


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{OAI}}}{name}")
    element.text = text
    return element


def base_url() -> str:
    return f"{settings.BASE_URL}/oai"


def datestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def repository_identifier() -> str:
    return urlsplit(settings.BASE_URL).hostname or "localhost"


def oai_identifier(record_id: str) -> str:
    return f"oai:{repository_identifier()}:{record_id}"


def record_id_of(identifier: str) -> str | None:
    prefix = f"oai:{repository_identifier()}:"
    return identifier[len(prefix):] if identifier.startswith(prefix) else None


def admin_email() -> str:
    return setting("ARCHIVIST_ADMIN_EMAIL") or f"archivist@{repository_identifier()}"


# --- Identify, ListMetadataFormats, ListSets ---------------------------------------------------------

def identify(_: dict[str, str]) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}Identify")
    earliest = HarvestRecord.objects.aggregate(earliest=Min("datestamp"))["earliest"]
    for name, value in (("repositoryName", settings.SITE_NAME), ("baseURL", base_url()),
                        ("protocolVersion", "2.0"), ("adminEmail", admin_email()),
                        ("earliestDatestamp", datestamp(earliest or dt.datetime(1970, 1, 1, tzinfo=dt.UTC))),
                        ("deletedRecord", "persistent"), ("granularity", GRANULARITY)):
        _add(element, name, value)
    return element


def list_metadata_formats(arguments: dict[str, str]) -> etree._Element:
    if "identifier" in arguments:
        _record(arguments["identifier"])  # idDoesNotExist; every record has every format
    element = etree.Element(f"{{{OAI}}}ListMetadataFormats")
    for metadata_format in METADATA_FORMATS.values():
        entry = _add(element, "metadataFormat")
        _add(entry, "metadataPrefix", metadata_format.prefix)
        _add(entry, "schema", schema_url(metadata_format))
        _add(entry, "metadataNamespace", metadata_format.namespace)
    return element


def list_sets(arguments: dict[str, str]) -> etree._Element:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "ListSets gives every set at once: it makes no tokens.")
    names = set_names()
    if not names:
        raise OaiError("noSetHierarchy", "No document is in a topic or an archive yet, so there are no sets.")
    element = etree.Element(f"{{{OAI}}}ListSets")
    for spec, name in names.items():
        entry = _add(element, "set")
        _add(entry, "setSpec", spec)
        _add(entry, "setName", name)
    return element


# --- GetRecord, ListIdentifiers, ListRecords -----------------------------------------------------------

def get_record(arguments: dict[str, str]) -> etree._Element:
    metadata_format = _format(arguments["metadataPrefix"])
    element = etree.Element(f"{{{OAI}}}GetRecord")
    element.append(_record_element(_record(arguments["identifier"]), metadata_format))
    return element


def _record(identifier: str) -> HarvestRecord:
    record_id = record_id_of(identifier)
    row = HarvestRecord.objects.filter(record_id=record_id).prefetch_related("sets").first()
    if record_id is None or row is None:
        raise OaiError("idDoesNotExist", f"No record has the identifier {identifier}.")
    return row


def _format(prefix: str) -> MetadataFormat:
    if prefix not in METADATA_FORMATS:
        raise OaiError("cannotDisseminateFormat",
                       f"No format {prefix}; there are {', '.join(METADATA_FORMATS)}.")
    return METADATA_FORMATS[prefix]


def list_identifiers(arguments: dict[str, str]) -> etree._Element:
    return _list("ListIdentifiers", arguments, lambda row, _: _header(row))


def list_records(arguments: dict[str, str]) -> etree._Element:
    return _list("ListRecords", arguments, _record_element)


def _list(verb: str, arguments: dict[str, str],
          entry: Callable[[HarvestRecord, MetadataFormat], etree._Element]) -> etree._Element:
    if "resumptionToken" in arguments:
        try:
            position = read_token(arguments["resumptionToken"], verb)
        except BadToken as error:
            raise OaiError("badResumptionToken", str(error)) from None
    else:
        position = Position(verb, arguments["metadataPrefix"], arguments.get("set"), arguments.get("from"),
                            arguments.get("until"), "", "", 0)
    metadata_format = _format(position.prefix)
    selected = _selected(position)
    after = selected
    if position.record_id:
        last = dt.datetime.fromisoformat(position.datestamp)
        after = selected.filter(Q(datestamp__gt=last) | Q(datestamp=last, record_id__gt=position.record_id))
    size = int_setting("ARCHIVIST_OAI_PAGE_SIZE") or 1
    if verb == "ListIdentifiers":
        after = after.defer("record")
    page = list(after.order_by("datestamp", "record_id").prefetch_related("sets")[:size + 1])
    if not page:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    element = etree.Element(f"{{{OAI}}}{verb}")
    for row in page[:size]:
        element.append(entry(row, metadata_format))
    if len(page) > size or position.record_id:
        _resumption(element, position, page[:size], more=len(page) > size, complete=selected.count())
    return element


def _selected(position: Position) -> QuerySet[HarvestRecord]:
    since, until = _moment(position.since, "from"), _moment(position.until, "until", end=True)
    if position.since and position.until and len(position.since) != len(position.until):
        raise OaiError("badArgument", "from and until must have the same granularity.")
    if since and until and since > until:
        raise OaiError("badArgument", "from is later than until.")
    rows = HarvestRecord.objects.all()
    if position.set_spec is not None:
        if not SET_SPEC.fullmatch(position.set_spec):
            raise OaiError("badArgument", f"{position.set_spec!r} is not a setSpec.")
        rows = rows.filter(sets__spec=position.set_spec)
    if since:
        rows = rows.filter(datestamp__gte=since)
    if until:
        rows = rows.filter(datestamp__lte=until)
    return rows


def _moment(value: str | None, name: str, end: bool = False) -> dt.datetime | None:
    """A from or until argument: a second (YYYY-MM-DDThh:mm:ssZ) or a day, until's day up to its end."""
    if value is None:
        return None
    try:
        if SECONDS.fullmatch(value):
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        if DAY.fullmatch(value):
            day = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
            return day + dt.timedelta(days=1, seconds=-1) if end else day
    except ValueError:
        pass
    raise OaiError("badArgument", f"{name} must be a UTC day (YYYY-MM-DD) or second "
                                  f"(YYYY-MM-DDThh:mm:ssZ), not {value!r}.")


def _resumption(element: etree._Element, position: Position, page: list[HarvestRecord], more: bool,
                complete: int) -> None:
    token = _add(element, "resumptionToken")
    token.set("completeListSize", str(complete))
    token.set("cursor", str(position.cursor))
    if more:
        last = page[-1]
        token.text = make_token(Position(position.verb, position.prefix, position.set_spec, position.since,
                                         position.until, last.datestamp.isoformat(), last.record_id,
                                         position.cursor + len(page)))


def _header(row: HarvestRecord) -> etree._Element:
    header = etree.Element(f"{{{OAI}}}header")
    if row.deleted:
        header.set("status", "deleted")
    _add(header, "identifier", oai_identifier(row.record_id))
    _add(header, "datestamp", datestamp(row.datestamp))
    for harvest_set in sorted(row.sets.all(), key=lambda harvest_set: harvest_set.spec):
        _add(header, "setSpec", harvest_set.spec)
    return header


def _record_element(row: HarvestRecord, metadata_format: MetadataFormat) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}record")
    element.append(_header(row))
    if not row.deleted:
        _add(element, "metadata").append(metadata_format.write(row.record))
    return element


HANDLERS: dict[str, Callable[[dict[str, str]], etree._Element]] = {
    "Identify": identify, "ListMetadataFormats": list_metadata_formats, "ListSets": list_sets,
    "GetRecord": get_record, "ListIdentifiers": list_identifiers, "ListRecords": list_records,
}
