"""Entry point of the `archivist` command: one group gathering every module's COMMANDS."""

from __future__ import annotations

import logging
import pkgutil
from importlib import import_module

import click

import archivist.cli
from archivist.config import SettingError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="archivist")
def cli() -> None:
    """Archivist: a digital archive of historical documents.

    ARCHIVIST_HOME names the archive's directory; DATABASE_URL selects PostgreSQL.
    """


def _gather_commands() -> None:
    for module_info in pkgutil.iter_modules(archivist.cli.__path__):
        if module_info.name == "main":
            continue
        module = import_module(f"archivist.cli.{module_info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_gather_commands()


def main() -> None:
    # What the library logs (e.g. an index behind because another process is writing it) is shown
    # on stderr like the commands' own messages.
    logging.basicConfig(format="%(levelname)s: %(message)s")
    from archivist.search.schema import OutdatedIndex

    try:
        cli()
    except SettingError as error:  # raised while Django reads the settings: no traceback to read
        raise SystemExit(f"error: {error}") from None
    except OutdatedIndex as error:  # an index of an older version: its message says to reindex
        raise SystemExit(f"error: {error}") from None
