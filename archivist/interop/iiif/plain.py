"""Text the archive gives IIIF viewers (transcriptions, search hits, a document's description) that no
viewer can read as markup. Mirador puts every such text into the page as HTML, through a filter that
lets links and images by, whatever the IIIF specifications say of plain text: a page's text layer or
its OCR holding `<a href=...>` would show a link to another site. Text holding '<', '>' or '&' is
therefore given as HTML with those characters escaped, which every viewer shows as the text it is.
"""

from __future__ import annotations

import re
from html import escape

MARKUP = re.compile("[<>&]")


def escaped(text: str) -> str:
    """The text with '<', '>' and '&' escaped (Content Search 1.0's hits, which Mirador reads as HTML)."""
    return escape(text, quote=False)


def value(text: str) -> str:
    """A Presentation 3 value that may be HTML (summary, metadata, requiredStatement): as it is without
    '<', '>' or '&', else escaped in a <span> (HTML by the specification's rule: it starts with '<' and
    ends with '>')."""
    return f"<span>{escaped(text)}</span>" if MARKUP.search(text) else text


def textual_body(text: str, **properties: str) -> dict:
    """An annotation's TextualBody of the text: plain text without '<', '>' or '&', else escaped HTML."""
    if MARKUP.search(text):
        return {"type": "TextualBody", "value": escaped(text), "format": "text/html", **properties}
    return {"type": "TextualBody", "value": text, "format": "text/plain", **properties}
