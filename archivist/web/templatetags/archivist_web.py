"""Template filters and tags of the public site."""


from django import template
from django.conf import settings
from django.utils.html import format_html

from archivist.records.dates import exact_iso_date
from archivist.web import metadata
from archivist.web.links import authority_url as _authority_url

register = template.Library()


@register.filter
def authority_url(authority) -> str:
    return _authority_url(authority)


LANGUAGE_CODES = {
    "english": "en", "chinese": "zh", "russian": "ru", "german": "de", "french": "fr", "spanish": "es",
    "japanese": "ja", "korean": "ko", "vietnamese": "vi", "polish": "pl", "hungarian": "hu",
    "czech": "cs", "romanian": "ro", "bulgarian": "bg", "italian": "it", "portuguese": "pt",
    "arabic": "ar", "persian": "fa", "hebrew": "he", "mongolian": "mn", "albanian": "sq",
    "serbian": "sr", "croatian": "hr", "slovak": "sk", "ukrainian": "uk", "turkish": "tr", "hindi": "hi",
}


@register.filter
def language_code(language: str) -> str:
    """The BCP 47 code for a language name, for lang attributes; empty when unknown."""
    return LANGUAGE_CODES.get(language.strip().lower(), "")


@register.filter
def html_datetime(document) -> str:
    """The document's date as a valid HTML date, month or year string for a <time> element's datetime:
    empty for a range, a season, a decade, an approximate or an uncertain date, which HTML cannot state
    (the page gives their bounds in data-earliest and data-latest)."""
    return exact_iso_date(document.date)



@register.simple_tag
def authority_json_ld(authority) -> str:
    """The <script> element of a person's, organization's or place's JSON-LD (web.metadata)."""
    described = metadata.authority_json_ld(authority, settings.BASE_URL)
    return format_html('<script type="application/ld+json">{}</script>', described) if described else ""
