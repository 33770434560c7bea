"""What indexing texts in Chinese characters and Cyrillic costs: documents per second into a fresh index.

Makes the same documents from the same seed (Chinese: words of pypinyin's phrase dictionary and single
characters, half of them traditional; Russian: words of Cyrillic syllables, some with a soft sign;
English: Latin words), then times building each one's indexed form (IndexedDocument.to_index, as the
indexer does) and adding it to a fresh Tantivy index with one commit. Run it on two versions of the
code to compare them (PYTHONPATH picks the version).

Usage: python bench/search/scripts.py [--documents 2000] [--chars 1500]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from archivist.enrich.names import wordset

CYRILLIC_SYLLABLES = sorted(wordset("ва ре ль ко ми на то сть про ра ни ель цин ов ев ско ка пре де ло жи"))
LATIN_SYLLABLES = sorted(wordset("ba re le ko mi na to pro ra ni el tsin ov ev sko ka pre de lo zhi"))


def texts(script: str, documents: int, chars: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    if script == "chinese":
        from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

        words = sorted(PHRASES_DICT)[::7]
        characters = [chr(c) for c in sorted(PINYIN_DICT) if 0x4E00 <= c <= 0x9FFF][::3]

        def piece() -> str:
            return rng.choice(words) if rng.random() < 0.6 else rng.choice(characters)
        separator = ""
    else:
        syllables = CYRILLIC_SYLLABLES if script == "russian" else LATIN_SYLLABLES

        def piece() -> str:
            return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
        separator = " "
    out = []
    for _ in range(documents):
        parts, length = [], 0
        while length < chars:
            parts.append(piece())
            length += len(parts[-1]) + len(separator)
        out.append(separator.join(parts))
    if script == "chinese":  # half the documents in traditional characters, as sources are
        import opencc

        to_traditional = opencc.OpenCC("s2t")
        out = [to_traditional.convert(t) if i % 2 else t for i, t in enumerate(out)]
    return out


def measure(script: str, documents: int, chars: int) -> dict:
    import tantivy

    from archivist.search.documents import IndexedDocument
    from archivist.search.schema import ANALYZER, SCHEMA, analyzer

    bodies = texts(script, documents, chars)
    with tempfile.TemporaryDirectory() as folder:
        index = tantivy.Index(SCHEMA, path=folder)
        index.register_tokenizer(ANALYZER, analyzer())
        writer = index.writer(200_000_000, 1)
        IndexedDocument(record_id="warm", title="", body=bodies[0]).to_index()  # loads the dictionaries
        start = time.perf_counter()
        for number, body in enumerate(bodies):
            writer.add_document(IndexedDocument(record_id=str(number), title=body[:30], body=body).to_index())
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(folder).iterdir() if f.is_file())
    return {"script": script, "documents": documents, "chars": sum(map(len, bodies)),
            "seconds": round(seconds, 2), "docs_per_s": round(documents / seconds),
            "index_bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--chars", type=int, default=1500)
    args = parser.parse_args()
    for script in ("english", "russian", "chinese"):
        print(json.dumps(measure(script, args.documents, args.chars)), flush=True)


if __name__ == "__main__":
    main()
