"""Citation downloads: CSL-JSON, RIS and BibTeX, each one writer in the FORMATS table keyed by MIME type.

The same table answers a document's address asked with an Accept header, its download links, and the
downloads of a search. Writers take CSL-JSON items (archivist.interop.csl.csl_item) and yield text in
pieces, so that a thousand documents are written as they are read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class CitationFormat:
    extension: str  # /documents/110390/citation.ris
    label: str
    media_type: str
    write: Callable[[Iterable[dict]], Iterator[str]]

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


def write_csl_json(items: Iterable[dict]) -> Iterator[str]:
    """A CSL-JSON array, one item at a time."""
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


# RIS tags for the item's simple fields, as Zotero reads them (DB archive, AN location in the archive).
RIS_TAGS = (("title", "TI"), ("publisher", "PB"), ("archive", "DB"), ("archive_location", "AN"),
            ("URL", "UR"), ("note", "N1"), ("abstract", "AB"), ("language", "LA"))


def write_ris(items: Iterable[dict]) -> Iterator[str]:
    """RIS records: TY MANSCPT, authors as "Family, Given", DA as YYYY/MM/DD/, accessed in Y2."""
    for item in items:
        lines = [("TY", "MANSCPT"), ("ID", item["id"])]
        lines += [("AU", _name_sorted(name)) for name in item.get("author", [])]
        lines += [(tag, item[key]) for key, tag in RIS_TAGS if item.get(key)]
        issued = item.get("issued")
        if issued:
            lines += _ris_dates(issued)
        lines.append(("Y2", _ris_day(item["accessed"]["date-parts"][0])))
        yield "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines) + "ER  - \r\n\r\n"


def _ris_dates(issued: dict) -> list[tuple[str, str]]:
    if "literal" in issued:
        return [("DA", issued["literal"])]
    first = issued["date-parts"][0]
    return [("DA", _ris_day(first)), ("PY", str(first[0]))]


def _ris_day(parts: list[int]) -> str:
    """YYYY/MM/DD/ with the parts the date has: 1950/01/02/, 1950/01//, 1950///."""
    padded = [f"{part:02d}" for part in parts[1:]] + [""] * (3 - len(parts))
    return "/".join([f"{parts[0]:04d}", *padded]) + "/"


def _one_line(value: str) -> str:
    """A value on one line: a line break in a title must not start a tag of its own ("ER  - ")."""
    return " ".join(str(value).split())


# BibTeX fields for the item's simple fields; archive and archive_location as biblatex styles and
# Zotero's Better BibTeX name them.
BIBTEX_FIELDS = (("title", "title"), ("publisher", "publisher"), ("archive", "archive"),
                 ("archive_location", "archive_location"), ("note", "note"), ("abstract", "abstract"),
                 ("language", "language"))
# What LaTeX reads as markup, written so that it prints as itself. Braces are escaped, never left
# to balance: a hostile "}" must not close the field.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
          "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_SPECIAL = re.compile("|".join(re.escape(character) for character in _LATEX))


def write_bibtex(items: Iterable[dict]) -> Iterator[str]:
    """@unpublished entries keyed by record ID, in UTF-8 (biblatex and BibTeX with inputenc read it);
    the date as biblatex reads it (ranges with /, circa with ~), the year for BibTeX."""
    for item in items:
        fields = [(field, _latex(item[key])) for key, field in BIBTEX_FIELDS if item.get(key)]
        if item.get("author"):
            fields.insert(1, ("author", " and ".join(_bibtex_name(name) for name in item["author"])))
        issued = item.get("issued")
        if issued and "date-parts" in issued:
            circa = "~" if issued.get("circa") else ""
            fields += [("date", "/".join(_iso(parts) + circa for parts in issued["date-parts"])),
                       ("year", str(issued["date-parts"][0][0]))]
        elif issued:
            fields.append(("year", _latex(issued["literal"])))
        fields += [("url", _bibtex_url(item["URL"])), ("urldate", _iso(item["accessed"]["date-parts"][0]))]
        body = ",\n".join(f"  {field} = {{{value}}}" for field, value in fields)
        yield f"@unpublished{{{item['id']},\n{body}\n}}\n\n"


def _latex(value: str) -> str:
    return _LATEX_SPECIAL.sub(lambda match: _LATEX[match.group()], _one_line(value))


def _bibtex_name(name: dict) -> str:
    """Each part in braces, so that an "and" or a comma inside a name never splits it."""
    if "literal" in name:
        return "{" + _latex(name["literal"]) + "}"
    return "{" + _latex(name["family"]) + "}, {" + _latex(name["given"]) + "}"


def _bibtex_url(url: str) -> str:
    """A URL as the url field wants it: no LaTeX escapes, braces and backslashes percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _iso(parts: list[int]) -> str:
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


def _name_sorted(name: dict) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


CSL_JSON = CitationFormat("json", "CSL-JSON", "application/vnd.citationstyles.csl+json", write_csl_json)
RIS = CitationFormat("ris", "RIS", "application/x-research-info-systems", write_ris)
BIBTEX = CitationFormat("bib", "BibTeX", "application/x-bibtex", write_bibtex)
FORMATS = {f.media_type: f for f in (RIS, BIBTEX, CSL_JSON)}
BY_EXTENSION = {f.extension: f for f in FORMATS.values()}
