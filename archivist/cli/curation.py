"""Curation commands: the people who curate the archive and their roles; publishing documents."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn
from archivist.curation.roles import ROLES

ROLE_CHOICE = click.Choice(list(ROLES))


@click.group()
def users() -> None:
    """The people who may sign in to the admin and their roles: add, list, set-role.

    editor: describes documents and authority records and judges links; publisher: also publishes and
    restricts; admin: also deletes records and manages people (docs/curation.md).
    """


@users.command(name="add")
@click.argument("name")
@click.option("--role", type=ROLE_CHOICE, required=True, help="What the person may do.")
def add_user(name: str, role: str) -> None:
    """Add a person who signs in to the admin with NAME and a password.

    The password is asked for (twice, not shown), or read from ARCHIVIST_PASSWORD in scripts.
    Example: archivist users add ada --role editor
    """
    password = os.environ.get("ARCHIVIST_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    open_archive()
    from archivist.curation.roles import PeopleError
    from archivist.curation.roles import add_user as add

    try:
        add(name, role, password)
    except PeopleError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"added {name} as {role}")


@users.command(name="list")
def list_users() -> None:
    """List everyone who may sign in, with their role, whether active, and their last sign-in.

    Example: archivist users list
    """
    open_archive()
    from archivist.curation.roles import list_users as people

    for person in people():
        click.echo(f"{person.name}\t{person.role}\t{'active' if person.active else 'inactive'}\t"
                   f"last login {person.last_login}")


@users.command(name="set-role")
@click.argument("name")
@click.argument("role", type=ROLE_CHOICE)
def set_role(name: str, role: str) -> None:
    """Give a person another role. Example: archivist users set-role ada publisher"""
    open_archive()
    from archivist.curation.roles import PeopleError
    from archivist.curation.roles import set_role as give

    try:
        give(name, role)
    except PeopleError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{name} is now {role}")


record_ids_argument = click.argument("record_ids", nargs=-1, required=True)


def _change_documents(record_ids: tuple[str, ...], change: Callable[[tuple[str, ...], str], None],
                      done: str) -> None:
    """Run the change, recorded as this command; then bring the search index and browse tables up to
    date, as an import does."""
    open_archive()
    from archivist.curation.history import command_comment
    from archivist.records.recordformat import RecordError

    try:
        change(record_ids, command_comment(record_ids))
    except RecordError as error:
        raise click.ClickException(str(error)) from None
    count = len(set(record_ids))
    click.echo(f"{count} document{'' if count == 1 else 's'} {done}")
    catch_up_or_warn()


def _setting_status(status: str) -> Callable[[tuple[str, ...], str], None]:
    def change(record_ids: tuple[str, ...], comment: str) -> None:
        from archivist.curation.publishing import set_statuses

        set_statuses(record_ids, status, comment)
    return change


@click.command()
@record_ids_argument
def publish(record_ids: tuple[str, ...]) -> None:
    """Publish documents: the public site, search and exports show them.

    All or none: an unknown record ID changes nothing. Example: archivist publish 110390 110391
    """
    _change_documents(record_ids, _setting_status("published"), "published")


@click.command()
@record_ids_argument
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]),
              help="Day the documents are published by themselves (YYYY-MM-DD, after today).")
def restrict(record_ids: tuple[str, ...], until: datetime.datetime | None) -> None:
    """Restrict documents: no public surface shows them; with --until, until that day, else until
    someone publishes them (an embargo they had ends).

    All or none: an unknown record ID changes nothing.
    Example: archivist restrict 110390 --until 2030-01-01
    """
    if until is None:
        _change_documents(record_ids, _setting_status("restricted"), "restricted")
        return

    def restrict_until(record_ids: tuple[str, ...], comment: str) -> None:
        from archivist.curation.publishing import restrict_until_day

        restrict_until_day(record_ids, until.date(), comment)

    _change_documents(record_ids, restrict_until, f"restricted until {until.date().isoformat()}")


@click.command()
@record_ids_argument
def draft(record_ids: tuple[str, ...]) -> None:
    """Withdraw documents to draft: only curators see them.

    All or none: an unknown record ID changes nothing. Example: archivist draft 110390
    """
    _change_documents(record_ids, _setting_status("draft"), "withdrawn to draft")


COMMANDS = [users, publish, restrict, draft]
