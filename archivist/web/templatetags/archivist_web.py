"""Template filters of the public site."""

from django import template

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
