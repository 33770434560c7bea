"""Search: the Tantivy index beside the database, kept in step through the outbox."""
