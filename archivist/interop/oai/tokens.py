"""Resumption tokens: the request's arguments and the position reached, signed with the site's key.

A list is ordered by (datestamp, record ID) and a token names the last record given, so the next page
starts after it whatever changed meanwhile: a record changed during a harvest gets a later datestamp
and comes again at the end, and none is skipped. Tokens never expire; a forged or altered one is
refused (badResumptionToken).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core import signing

SALT = "archivist.oai.resumption"


class BadToken(ValueError):
    """A token this archive did not make, or made for another verb."""


@dataclass(frozen=True)
class Position:
    verb: str
    prefix: str
    set_spec: str | None
    since: str | None  # the from and until arguments, as given
    until: str | None
    datestamp: str  # the last record given, ISO 8601
    record_id: str
    cursor: int  # records given before the next page


def make_token(position: Position) -> str:
    return signing.dumps(asdict(position), salt=SALT, compress=True)


def read_token(token: str, verb: str) -> Position:
    try:
        fields = signing.loads(token, salt=SALT)
        position = Position(**fields)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise BadToken("The resumption token is not one this archive gave.") from error
    if position.verb != verb:
        raise BadToken(f"The resumption token was given for {position.verb}, not {verb}.")
    return position
