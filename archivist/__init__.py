"""Archivist: a platform for digital archives of historical documents."""

__version__ = "0.1.0"
