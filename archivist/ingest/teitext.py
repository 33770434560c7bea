"""TEI text to the archive's text: safe HTML with note anchors, a plain-text body, and the notes.

The HTML is built element by element from a fixed set of tags with every text and attribute value
escaped, so nothing from the source reaches a page unsanitized. Unknown elements keep their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from lxml import etree

from archivist.records.recordformat import RecordError, check_record_id

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SPACE = re.compile(r"\s+")

# TEI block elements and the HTML element (and class) each becomes.
BLOCKS = {
    "p": ("p", ""), "dateline": ("p", "dateline"), "salute": ("p", "salute"),
    "signed": ("p", "signed"), "opener": ("div", "opener"), "closer": ("div", "closer"),
    "postscript": ("div", "postscript"), "div": ("section", ""), "head": ("h3", ""),
    "ab": ("p", ""), "byline": ("p", "byline"), "docAuthor": ("p", "author"),
}
HIGHLIGHTS = {"italic": "em", "strong": "strong", "bold": "strong", "underline": "u",
              "superscript": "sup", "subscript": "sub", "strikethrough": "s"}
SKIPPED = {"pb", "figure", "graphic", "milestone", "fw"}
# Markup that ends a line, column or page: a word ends there unless it says break="no".
BREAKS = {"lb", "pb", "cb"}
# Around markup with no whitespace on either side, words run together in print when the source left out
# the space ("Countries Series,<gloss>USSR</gloss>", "Mr.<persName>Kennedy</persName>": 146 places in the
# Kennedy volume): a space belongs after a mark ending a clause or sentence before a letter (after a comma,
# semicolon or colon before a digit too) and after such a mark that follows markup ("</persName>,Fisher"),
# and at a line or page break, though not inside brackets and quotation marks nor before punctuation.
ENDS_CLAUSE = frozenset(".,;:!?")
ENDS_CLAUSE_BEFORE_DIGIT = frozenset(",;:")
OPENING = frozenset("“‘([{/")
CLOSING = frozenset("”’)]}.,;:!?—–-/")
# A reference to a document of a volume, or to one of its footnotes: "#d3", "#d16fn2", "frus1961-63v05#d28".
_REFERENCE = re.compile(r"(?P<volume>[A-Za-z0-9][A-Za-z0-9._-]*)?#(?P<target>[A-Za-z0-9._-]+)")
_GLUED_AFTER_MARKUP = re.compile(r"[,;:][^\W\d_]")
_DOCUMENT_ID = re.compile(r"d[0-9]+[a-z]?")
_NOTE_ID = re.compile(r"(?P<document>d[0-9]+[a-z]?)fn(?P<marker>[0-9]+)")


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


class Spacing:
    """Where pieces of text meet at markup: whether a space belongs between them (ENDS_CLAUSE, BREAKS).

    `spaced=False` joins them as they come, as the importer did before: re-imports compare with it."""

    def __init__(self, spaced: bool = True) -> None:
        self.spaced = spaced
        self.last = ""  # the last character written, "" at the start of a block
        self.joint = ""  # "markup" or "break" when markup came since

    def markup(self, element) -> None:
        breaks = local(element) in BREAKS and element.get("break") != "no"
        self.joint = "break" if breaks or self.joint == "break" else "markup"

    def restart(self) -> None:
        self.last, self.joint = "", ""

    def joined(self, value: str) -> str:
        """`value` as it is to be written next: after a space, or with one after its first mark, where
        markup ran words together ("Series,<gloss>USSR", "<persName>Bundy</persName>,Fisher")."""
        joint, last, self.joint = self.joint, self.last, ""
        if not value:
            return value
        if self.spaced and joint == "markup" and _GLUED_AFTER_MARKUP.match(value):
            value = f"{value[0]} {value[1:]}"
        self.last = value[-1]
        if not (self.spaced and joint and last) or last.isspace() or value[0].isspace():
            return value
        if joint == "break":
            return value if last in OPENING or value[0] in CLOSING else f" {value}"
        first = value[0]
        glued = ((last in ENDS_CLAUSE and first.isalpha())
                 or (last in ENDS_CLAUSE_BEFORE_DIGIT and first.isdigit()))
        return f" {value}" if glued else value


def plain(element, skip_notes: bool = True, spaced: bool = True) -> str:
    """An element's text with whitespace collapsed, a space where markup ran words together (Spacing),
    footnotes left out."""
    parts: list[str] = []
    _plain_into(element, parts, skip_notes, Spacing(spaced))
    return collapse("".join(parts))


def _plain_into(element, parts: list[str], skip_notes: bool, spacing: Spacing) -> None:
    if element.text:
        parts.append(spacing.joined(element.text))
    for child in element:
        if isinstance(child.tag, str) and not (skip_notes and local(child) == "note"):
            spacing.markup(child)
            _plain_into(child, parts, skip_notes, spacing)
            spacing.markup(child)
        if child.tail:
            parts.append(spacing.joined(child.tail))


@dataclass
class Rendering:
    html: str
    text: str
    notes: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Context:
    """What links in the text point at: the volume's documents and footnotes, glossary expansions."""

    volume: str = ""
    documents: set[str] = field(default_factory=set)  # xml:ids of the volume's documents ("d29")
    notes: dict[str, tuple[str, str]] = field(default_factory=dict)  # "d29fn2" -> ("d29", "2")
    glossary: dict[str, str] = field(default_factory=dict)  # "#t_GOJ1" -> "Government of Japan"

    def reference_url(self, target: str, document: str) -> str | None:
        """Where a cross-reference from `document` (an xml:id) leads: the page of a document
        (/documents/VOLUME-dN), the anchor of a footnote on that page or on this one (#note-2), or an
        outside page; None for what the archive has no page of (a page of a volume, an editorial note).
        Whether a document's page is public is known only when it is shown (web.notes)."""
        if target.startswith(("http://", "https://")):
            return target
        found = _REFERENCE.fullmatch(target)
        if found is None:
            return None
        volume, fragment = found["volume"] or self.volume, found["target"]
        here = volume == self.volume
        if here and fragment in self.notes:
            page, marker = self.notes[fragment]
        elif not here and (note := _NOTE_ID.fullmatch(fragment)):
            page, marker = note["document"], note["marker"]  # another volume's: named as FRUS names them
        elif fragment in self.documents or (not here and _DOCUMENT_ID.fullmatch(fragment)):
            page, marker = fragment, ""
        else:
            return None  # a page of a volume, an editorial note
        if here and page not in self.documents:
            return None
        anchor = f"#note-{quote(marker, safe='')}" if marker else ""
        if page == document and here and anchor:
            return anchor
        return f"/documents/{volume}-{page}{anchor}" if _is_record_id(f"{volume}-{page}") else None


def _is_record_id(value: str) -> bool:
    try:
        check_record_id(value)
    except RecordError:
        return False
    return True


def render(elements, context: Context, document: str = "") -> Rendering:
    """Render a document's content elements (everything after its head) and collect its notes;
    `document` is its xml:id, so that references to its own footnotes stay on its page."""
    renderer = _Renderer(context, document)
    for element in elements:
        renderer.node(element)
        renderer.tail(element)
    renderer.end_block()
    return Rendering("".join(renderer.html).strip(), "\n\n".join(renderer.blocks), renderer.notes)


def head_notes(head, context: Context, document: str = "") -> list[dict[str, str]]:
    """The notes of a document's head: its source note and any note on the title."""
    renderer = _Renderer(context, document)
    for note in head.iter(f"{{{TEI}}}note"):
        renderer.note(note, anchor=False)
    return renderer.notes


class _Renderer:
    def __init__(self, context: Context, document: str = "") -> None:
        self.context = context
        self.document = document
        self.html: list[str] = []
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.notes: list[dict[str, str]] = []
        self.spacing = Spacing()
        self.after_text = 0  # the HTML's length after the last text written
        self.in_link = False  # links do not nest: a reference inside a linked one keeps its text

    # Plain text: inline text gathers in `line` until a block ends.
    def text(self, value: str | None) -> None:
        if value and (value.strip() or any(part.strip() for part in self.line)):
            joined = self.spacing.joined(value)
            if joined[0] == " " and value[0] != " ":  # a space the markup left out: "Mr. <em>Kennedy"
                self.html.insert(self._after_closing_tags(), " ")
                self.line.append(" ")
                joined = joined[1:]
            self.html.append(escape(_SPACE.sub(" ", joined), quote=False))
            self.line.append(joined)
            self.after_text = len(self.html)

    def _after_closing_tags(self) -> int:
        """Where in the HTML the tags that followed the last text open: a space between words goes there."""
        at = self.after_text
        while at < len(self.html) and self.html[at].startswith("</"):
            at += 1
        return at

    def tail(self, element) -> None:
        self.text(element.tail)

    def end_block(self) -> None:
        text = collapse("".join(self.line))
        if text:
            self.blocks.append(text)
        self.line = []
        self.spacing.restart()

    def children(self, element) -> None:
        self.text(element.text)
        for child in element:
            self.node(child)
            self.tail(child)

    def node(self, element) -> None:
        name = local(element)
        if not name:
            return
        self.spacing.markup(element)
        if name not in SKIPPED:
            handler = getattr(self, f"tei_{name}", None)
            if handler is not None:
                handler(element)
            elif name in BLOCKS:
                tag, css = BLOCKS[name]
                self.block(element, tag, css)
            else:
                self.children(element)
        self.spacing.markup(element)

    def block(self, element, tag: str, css: str = "") -> None:
        self.end_block()
        self.html.append(f'<{tag} class="{css}">' if css else f"<{tag}>")
        self.children(element)
        self.html.append(f"</{tag}>\n")
        self.end_block()

    def wrap(self, element, open_tag: str, close_tag: str) -> None:
        self.html.append(open_tag)
        self.children(element)
        self.html.append(close_tag)

    def tei_hi(self, element) -> None:
        rend = (element.get("rend") or "").lower()
        if rend in HIGHLIGHTS:
            tag = HIGHLIGHTS[rend]
            self.wrap(element, f"<{tag}>", f"</{tag}>")
        elif rend == "smallcaps":
            self.wrap(element, '<span class="smallcaps">', "</span>")
        else:
            self.children(element)

    def tei_lb(self, element) -> None:
        self.html.append("<br>")
        self.line.append("\n")

    def tei_quote(self, element) -> None:
        has_blocks = any(local(child) in BLOCKS or local(child) == "list" for child in element)
        if has_blocks or element.get("rend") == "blockquote":
            self.block(element, "blockquote")
        else:
            self.wrap(element, "<q>", "</q>")

    def tei_list(self, element) -> None:
        if element.find(f"{{{TEI}}}label") is not None:
            self.block_list(element, "dl")
        else:
            css = escape(element.get("type") or "", quote=True)
            self.block(element, "ul", css)

    def block_list(self, element, tag: str) -> None:
        self.end_block()
        self.html.append(f"<{tag}>")
        self.children(element)
        self.html.append(f"</{tag}>\n")
        self.end_block()

    def tei_item(self, element) -> None:
        parent = element.getparent()
        in_dl = parent is not None and parent.find(f"{{{TEI}}}label") is not None
        self.block(element, "dd" if in_dl else "li")

    def tei_label(self, element) -> None:
        parent = element.getparent()
        in_list = parent is not None and local(parent) == "list"
        if in_list:
            self.block(element, "dt")
        else:
            self.wrap(element, "<strong>", "</strong>")

    def tei_table(self, element) -> None:
        self.block_list(element, "table")

    def tei_row(self, element) -> None:
        self.end_block()
        self.html.append("<tr>")
        for cell in element:
            if local(cell) == "cell":
                tag = "th" if cell.get("role") == "label" or element.get("role") == "label" else "td"
                self.wrap(cell, f"<{tag}>", f"</{tag}>")
                self.line.append("\t")
        self.html.append("</tr>\n")
        self.end_block()

    def tei_emph(self, element) -> None:
        self.wrap(element, "<em>", "</em>")

    def tei_title(self, element) -> None:
        self.wrap(element, "<cite>", "</cite>")  # the title of a work, in italics as printed

    def tei_foreign(self, element) -> None:
        self.wrap(element, "<i>", "</i>")

    def tei_note(self, element) -> None:
        self.note(element, anchor=True)

    def note(self, element, anchor: bool) -> None:
        """A note's plain body and its HTML (emphasis, references as links), as the record format has
        them, and its body as the importer wrote it before spacing (Spacing), for re-imports to compare."""
        body = plain(element, skip_notes=False)
        kind = _note_kind(element, body)
        marker = "" if kind == "source" else (element.get("n") or str(len(self.notes) + 1))
        inner = _Renderer(self.context, self.document)
        inner.notes = self.notes  # a note within the note is a note of the document too
        inner.children(element)
        self.notes.append({"kind": kind, "marker": marker, "body": body,
                           "body_html": "".join(inner.html).strip(),
                           "earlier_body": plain(element, skip_notes=False, spaced=False)})
        if anchor and marker:
            safe = escape(marker, quote=True)
            self.html.append(f'<sup class="note-ref" id="ref-{safe}"><a href="#note-{safe}">'
                             f"{escape(marker)}</a></sup>")

    def tei_ref(self, element) -> None:
        url = self.context.reference_url(element.get("target") or "", self.document)
        if url is None or self.in_link:
            self.children(element)
            return
        self.in_link = True
        self.wrap(element, f'<a href="{escape(url, quote=True)}">', "</a>")
        self.in_link = False

    def tei_gloss(self, element) -> None:
        expansion = self.context.glossary.get(element.get("target") or "")
        if expansion is None:
            self.children(element)
        else:
            self.wrap(element, f'<abbr title="{escape(expansion, quote=True)}">', "</abbr>")


def _note_kind(element, body: str) -> str:
    """Source notes are marked type="source"; older volumes mark some only by "[Source: ...]"."""
    if element.get("type") == "source":
        return "source"
    if element.get("n") is None and body.lstrip("[").startswith("Source:"):
        return "source"
    return "footnote"
