"""Views of the public site, one module per kind of page."""
