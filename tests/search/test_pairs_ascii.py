"""The pairs of an ASCII text, found without the analyzer (pairs.runs' shortcut), are the pairs the
index analyzer's words give: the index holds the same pair terms either way."""

from __future__ import annotations

import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st

from archivist.search import pairs

ANALYZER = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())
WORDS = pairs.PACKAGED.split() + ["The", "OF", "x", "the1", "2of", "a_the", "rome", "l", "d"]
SEPARATORS = [" ", "  ", "-", ". ", "_", "'", "\n", ",\t", "0", "", "/"]


def analyzer_runs(text: str) -> list[str]:
    """The runs as read from the analyzer's words, one by one."""
    frequent, runs, run, previous = pairs.frequent_words(), [], [], None
    for word in ANALYZER.analyze(text):
        if previous is not None and word in frequent:
            run.append(f"{previous}_{word}")
        elif run:
            runs.append(" ".join(run))
            run = []
        previous = word if word in frequent else None
    return runs + ([" ".join(run)] if run else [])


ascii_texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(word + separator for word, separator in parts)).filter(str.isascii)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ascii_texts, st.text(st.characters(max_codepoint=127), max_size=60)))
def test_ascii_shortcut_gives_the_analyzers_pairs(text):
    assert pairs.runs(text) == analyzer_runs(text)
