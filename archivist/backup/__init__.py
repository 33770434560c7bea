"""Backup and restore: the whole archive in one file and back (`archivist backup`, `archivist restore`).

One tar file holds every table's rows as compressed JSON Lines, the stored files and a manifest
(docs/backup.md). The search index and the browse tables are not in it: restore rebuilds them.
"""
