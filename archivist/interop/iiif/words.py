"""A page's words and their boxes, read from its hOCR (tesseract's, or the one made from a PDF's text
layer), grouped by line in reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

LINE_CLASSES = {"ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat", "ocrx_line"}
_BBOX = re.compile(r"\bbbox\s+(-?\d{1,7})\s+(-?\d{1,7})\s+(-?\d{1,7})\s+(-?\d{1,7})")


@dataclass(frozen=True)
class Word:
    """A word as printed, and its box (left, top, right, bottom) in the page image's pixels."""

    text: str
    box: tuple[int, int, int, int]


def union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """The smallest box holding all the boxes."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def xywh(box: tuple[int, int, int, int]) -> str:
    """A box as a media fragment's value (x,y,w,h), at least one pixel wide and high."""
    return f"{box[0]},{box[1]},{max(1, box[2] - box[0])},{max(1, box[3] - box[1])}"


def read_lines(hocr: str, width: int, height: int) -> list[list[Word]]:
    """The page's lines of words; boxes are clipped to the page and words without one left out."""
    if not hocr.strip():
        return []
    try:
        root = lxml.html.document_fromstring(hocr.encode("utf-8"),
                                             parser=lxml.html.HTMLParser(no_network=True, recover=True))
    except (etree.ParserError, ValueError):
        return []
    lines: dict[int, list[Word]] = {}
    order: list[int] = []
    for element in root.iter("*"):
        if "ocrx_word" not in _classes(element):
            continue
        word = _word(element, width, height)
        if word is None:
            continue
        line = _line_of(element)
        if id(line) not in lines:
            lines[id(line)] = []
            order.append(id(line))
        lines[id(line)].append(word)
    return [lines[key] for key in order]


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _line_of(element):
    """The word's line: its nearest ancestor of a line class, else its parent."""
    for ancestor in element.iterancestors():
        if _classes(ancestor) & LINE_CLASSES:
            return ancestor
    return element.getparent()


def _word(element, width: int, height: int) -> Word | None:
    text = " ".join(element.text_content().split())
    found = _BBOX.search(element.get("title") or "")
    if not text or found is None:
        return None
    left, top, right, bottom = (int(value) for value in found.groups())
    left, right = min(max(left, 0), width), min(max(right, 0), width)
    top, bottom = min(max(top, 0), height), min(max(bottom, 0), height)
    if right <= left or bottom <= top:  # inverted, or wholly off the page
        return None
    return Word(text, (left, top, right, bottom))
