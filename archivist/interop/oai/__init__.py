"""OAI-PMH 2.0 at /oai: published documents for harvesters, with their changes and deletions (docs/oai.md).

harvestable keeps the harvest table in step with the outbox, formats writes the metadata formats,
tokens signs resumption tokens, protocol answers the six verbs; views only reads the HTTP request.
"""
