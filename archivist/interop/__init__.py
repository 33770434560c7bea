"""Interop: what Archivist gives other systems: citations, exports, OAI-PMH, IIIF."""
