"""The public web site: document pages, browsing, search, each with a JSON twin."""
