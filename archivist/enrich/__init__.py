"""Enrichment: variant names across spelling systems, mention linking, dates in the text."""
