"""Romanizations and other systematic spellings of names, one module per scheme.

Each module turns a name into its form in one system (or returns None when the name is not
written in the system it reads); archivist.enrich.variants combines them for authority records.
"""
