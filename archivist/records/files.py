"""Where the archive's stored files are read from: the files directory, and nothing a stored path could
lead to outside it ('..', an absolute path, a link)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def files_root() -> Path:
    """The archive's files directory, resolved."""
    return Path(settings.MEDIA_ROOT).resolve()


def inside_files(relative: str) -> Path | None:
    """The stored path `relative` resolved inside the files directory, or None if it leads out of it."""
    root = files_root()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) else None
