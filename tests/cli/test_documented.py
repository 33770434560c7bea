"""Every command and every setting is documented in the README."""

import click

from archivist.cli.main import cli
from archivist.config import SETTINGS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_has_an_example():
    for name, command in cli.commands.items():
        assert f"`archivist {name}" in README, name
        leaves = command.commands.values() if isinstance(command, click.Group) else [command]
        for leaf in leaves:
            assert "Example" in (leaf.help or ""), f"{name} {leaf.name}"


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert f"`{setting.name}`" in README, setting.name
