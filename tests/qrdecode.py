"""Reading a half-block QR drawing back, the way a phone camera would: decode its pixels."""

from __future__ import annotations

from collections.abc import Sequence

from tuinews.core.qr import modules_from_rows

#: Pixels per module in the image handed to the decoder.
SCALE = 4
#: Screen around the drawing, in modules. It is dark, as the panel of a dark theme is, so
#: the drawing's own light quiet zone is all the decoder gets.
MARGIN = 3
_DARK, _LIGHT = 20, 235


def decode_half_blocks(rows: Sequence[str]) -> list[str]:
    """Every QR code zxing-cpp finds in a half-block drawing (dark text on light)."""
    import zxingcpp

    modules = modules_from_rows(rows)
    width = len(modules[0]) + 2 * MARGIN
    dark_row = bytes([_DARK]) * (width * SCALE)
    side = bytes([_DARK]) * (MARGIN * SCALE)
    pixels = bytearray()
    for _ in range(MARGIN * SCALE):
        pixels += dark_row
    for row in modules:
        line = bytearray(side)
        for dark in row:
            line += bytes([_DARK if dark else _LIGHT]) * SCALE
        line += side
        pixels += bytes(line) * SCALE
    for _ in range(MARGIN * SCALE):
        pixels += dark_row
    height = len(pixels) // (width * SCALE)
    image = memoryview(bytes(pixels)).cast("B", (height, width * SCALE))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]
