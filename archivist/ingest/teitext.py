"""TEI text to the archive's text: safe HTML with note anchors, a plain-text body, and the notes.

The HTML is built element by element from a fixed set of tags with every text and attribute value
escaped, so nothing from the source reaches a page unsanitized. Unknown elements keep their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from lxml import etree

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


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def plain(element, skip_notes: bool = True) -> str:
    """An element's text with whitespace collapsed, footnotes left out."""
    parts: list[str] = []
    _plain_into(element, parts, skip_notes)
    return collapse("".join(parts))


def _plain_into(element, parts: list[str], skip_notes: bool) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and not (skip_notes and local(child) == "note"):
            _plain_into(child, parts, skip_notes)
        if child.tail:
            parts.append(child.tail)


@dataclass
class Rendering:
    html: str
    text: str
    notes: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Context:
    """What links in the text point at: documents of the same volume and glossary expansions."""

    document_url: dict[str, str] = field(default_factory=dict)  # "#d29" -> "/documents/..."
    glossary: dict[str, str] = field(default_factory=dict)  # "#t_GOJ1" -> "Government of Japan"


def render(elements, context: Context) -> Rendering:
    """Render a document's content elements (everything after its head) and collect its notes."""
    renderer = _Renderer(context)
    for element in elements:
        renderer.node(element)
        renderer.tail(element)
    renderer.end_block()
    return Rendering("".join(renderer.html).strip(), "\n\n".join(renderer.blocks), renderer.notes)


def head_notes(head, context: Context) -> list[dict[str, str]]:
    """The notes of a document's head: its source note and any note on the title."""
    renderer = _Renderer(context)
    for note in head.iter(f"{{{TEI}}}note"):
        renderer.note(note, anchor=False)
    return renderer.notes


class _Renderer:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.html: list[str] = []
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.notes: list[dict[str, str]] = []

    # Plain text: inline text gathers in `line` until a block ends.
    def text(self, value: str | None) -> None:
        if value and (value.strip() or any(part.strip() for part in self.line)):
            self.html.append(escape(_SPACE.sub(" ", value), quote=False))
            self.line.append(value)

    def tail(self, element) -> None:
        self.text(element.tail)

    def end_block(self) -> None:
        text = collapse("".join(self.line))
        if text:
            self.blocks.append(text)
        self.line = []

    def children(self, element) -> None:
        self.text(element.text)
        for child in element:
            self.node(child)
            self.tail(child)

    def node(self, element) -> None:
        name = local(element)
        if not name or name in SKIPPED:
            return
        handler = getattr(self, f"tei_{name}", None)
        if handler is not None:
            handler(element)
        elif name in BLOCKS:
            tag, css = BLOCKS[name]
            self.block(element, tag, css)
        else:
            self.children(element)

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

    def tei_note(self, element) -> None:
        self.note(element, anchor=True)

    def note(self, element, anchor: bool) -> None:
        body = plain(element, skip_notes=False)
        kind = _note_kind(element, body)
        marker = "" if kind == "source" else (element.get("n") or str(len(self.notes) + 1))
        self.notes.append({"kind": kind, "marker": marker, "body": body})
        if anchor and marker:
            safe = escape(marker, quote=True)
            self.html.append(f'<sup class="note-ref" id="ref-{safe}"><a href="#note-{safe}">'
                             f"{escape(marker)}</a></sup>")

    def tei_ref(self, element) -> None:
        target = element.get("target") or ""
        url = self.context.document_url.get(target)
        if url is None and target.startswith(("http://", "https://")):
            url = target
        if url is None:
            self.children(element)
        else:
            self.wrap(element, f'<a href="{escape(url, quote=True)}">', "</a>")

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
