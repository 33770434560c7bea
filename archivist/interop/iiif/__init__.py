"""IIIF for scanned pages: Image API 3 (level 0, files written by archivist.scans.tiles), a Presentation
API 3 manifest per document, and Content Search 2.0 (with the 1.0 form Mirador reads)."""
