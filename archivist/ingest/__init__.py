"""Ingest: bringing records into the archive from files, one transaction per file."""
