"""What may reach a page from a record: sanitized HTML, links of safe kinds, JSON that stays in its script.

Every way in (the importers through the record format, the admin's forms, the migration of older
archives) uses these, so what is stored is already safe to print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Browsers drop tabs and newlines anywhere in a URL and control characters and spaces around it, so
# "java\tscript:" is a javascript: URL to them; control characters make a URL unsafe here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# What the importers produce (archivist/ingest/teitext.py, the Wilson Center's text_html):
# paragraphs, sections, lists, tables, emphasis, quotations, glossary abbreviations, note anchors.
TAGS = frozenset({
    "p", "br", "hr", "div", "section", "span", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "pre",
    "code", "em", "i", "strong", "b", "u", "s", "sub", "sup", "small", "mark", "abbr", "cite", "del",
    "ins", "a", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "th", "td", "colgroup", "col",
})
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
}
# Elements dropped with everything in them; other elements not allowed keep only their text.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "iframe", "frameset", "object", "embed", "svg",
    "math", "textarea", "select", "title", "xmp", "noembed", "noframes",
})


def url_problem(url: str) -> str:
    """Why a URL may not be linked to, or "" when it is empty, relative, http, https or mailto."""
    if _CONTROL.search(url):
        return "control characters, tabs and line breaks are not allowed in a URL"
    scheme = _SCHEME.match(url.strip(" "))
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return f"a {scheme.group(1)}: URL is not allowed; use http, https, mailto or a relative URL"
    return ""


def validate_url(url: str) -> None:
    """The URL rule as a Django validator, for model and form fields."""
    problem = url_problem(url)
    if problem:
        raise ValidationError(f"{problem[0].upper()}{problem[1:]}.", code="unsafe_url")


def _only_safe_urls(tag: str, attribute: str, value: str) -> str | None:
    return None if attribute == "href" and url_problem(value) else value


_RULES = dict(
    tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    clean_content_tags=set(DROPPED_WITH_CONTENT), url_schemes=set(SAFE_SCHEMES), strip_comments=True,
    link_rel=None,  # links keep their markup as imported; none may open a new window
)
_cleaner = nh3.Cleaner(**_RULES, attribute_filter=_only_safe_urls)


def sanitize_html(html: str, shown_link: Callable[[str], bool] | None = None) -> str:
    """The HTML with only allowed elements and attributes and safe links: no script can run from it.
    With `shown_link`, a link whose href it refuses keeps its text and is no link (an a without href)."""
    if not html:
        return ""
    if shown_link is None:
        return _cleaner.clean(html)

    def only_shown(tag: str, attribute: str, value: str) -> str | None:
        value = _only_safe_urls(tag, attribute, value)
        return None if value is not None and attribute == "href" and not shown_link(value) else value

    return nh3.Cleaner(**_RULES, attribute_filter=only_shown).clean(html)


_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data: Any) -> SafeString:
    """JSON for a <script> element: with <, > and & escaped, no value can close the element or turn
    the rest of the page into script ("</script>", "<!--<script>")."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES))
