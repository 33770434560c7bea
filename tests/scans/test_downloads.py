"""The whole-document PDF writer: every kind of stored page image comes out as the same picture."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import Image, ImageDraw

from archivist.scans.downloads import write_pdf

INK, PAPER = (180, 30, 40), (250, 245, 230)


def _page(mode: str) -> Image.Image:
    """A page with a dark block on the left half, in the given mode."""
    image = Image.new("RGB", (240, 320), PAPER)
    ImageDraw.Draw(image).rectangle((0, 0, 119, 319), fill=INK)
    return image.convert(mode) if mode != "P" else image.quantize(4)


@pytest.mark.parametrize(("mode", "kind"), [("RGB", "PNG"), ("L", "PNG"), ("1", "PNG"), ("P", "PNG"),
                                            ("RGBA", "PNG"), ("RGB", "JPEG"), ("L", "JPEG"),
                                            ("CMYK", "JPEG"), ("RGB", "TIFF")])
def test_each_kind_of_page_image_keeps_its_picture(tmp_path, mode, kind):
    source = _page(mode)
    path = tmp_path / f"page.{kind.lower()}"
    source.save(path, kind, dpi=(100, 100))
    out = io.BytesIO()
    write_pdf(out, [path, path], title="Пробная страница")
    pdf = pypdfium2.PdfDocument(out.getvalue())
    try:
        assert len(pdf) == 2
        assert pdf[0].get_size() == pytest.approx((240 * 72 / 100, 320 * 72 / 100))
        shown = pdf[0].render(scale=100 / 72).to_pil().convert("RGB").resize((240, 320))
        expected = Image.open(path).convert("RGB")
        for point in ((40, 160), (200, 160)):  # the block and the paper
            assert all(abs(a - b) <= 24 for a, b in zip(shown.getpixel(point), expected.getpixel(point),
                                                        strict=True)), (mode, kind, point)
        assert pdf.get_metadata_dict()["Title"] == "Пробная страница"
    finally:
        pdf.close()
