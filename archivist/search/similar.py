"""Documents like a given one, by the words they share: Tantivy's MoreLikeThis over the index.

The index stores no text fields (only what results show), so the document's words are given from the
database rather than read back from the index by address.
"""

from __future__ import annotations

import tantivy

from archivist.search.schema import MATCH_FIELD, SCHEMA, reader, searchable

# Enough of a long document to know what it is about, and a bound on the time spent tokenizing it.
MAX_CHARACTERS = 20_000
# A word in more than a tenth of the documents of a large archive says little, and would read a long list
# of postings.
COMMON_SHARE, LARGE = 10, 10_000


def more_like_this(record_id: str, texts: list[str], limit: int) -> list[str]:
    """Record IDs of up to `limit` indexed documents sharing the most telling words of `texts` (the
    document's title, summary, texts, notes and names), best first; never the document itself.

    The index may be behind the outbox: the caller keeps only the documents published now."""
    searcher, _ = reader().current()
    words = searchable("\n".join(texts)[:MAX_CHARACTERS])
    if not words.strip():
        return []
    similar = tantivy.Query.more_like_this_document_fields_query(
        SCHEMA, {MATCH_FIELD: [words]}, min_doc_frequency=2, min_term_frequency=1,
        max_doc_frequency=_most_documents_a_word_may_be_in(searcher.num_docs), max_query_terms=25)
    query = similar.and_must_not_match(tantivy.Query.term_query(SCHEMA, "record_id", record_id))
    return [searcher.doc(address).get_first("record_id") for _, address in searcher.search(query, limit).hits]


def _most_documents_a_word_may_be_in(documents: int) -> int:
    """Never more than the documents in the index: a word's document frequency counts the replaced and
    deleted documents not yet merged away too, and Tantivy's MoreLikeThis panics when it exceeds them."""
    return documents // COMMON_SHARE if documents > LARGE else documents
