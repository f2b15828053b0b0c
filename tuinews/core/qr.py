"""A URL as a QR code drawn with Unicode half blocks, for a phone camera to read.

Each text row holds two rows of modules: `█` both dark, `▀` only the upper, `▄` only the
lower, a space neither. The caller draws the text dark on light (black on white), so the
code reads the right way round on any terminal theme.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Modules of light margin around the symbol. The standard asks for 4; 2 reads on every
#: phone camera tried and saves two text rows, which a terminal is short of.
QUIET_ZONE = 2

#: Largest QR version drawn (73x73 modules, 39 text rows). Past it the code is too big for
#: a terminal and too dense for a camera; the link is still shown and copied.
MAX_VERSION = 14

_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


class QRTooLong(ValueError):
    """The text does not fit in a QR code small enough to show."""


def qr_modules(text: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The module matrix of `text` with its quiet zone; True is dark.

    Raises:
        QRTooLong: when the text needs a version above `MAX_VERSION`.
    """
    import segno  # imported here: only the open panel needs it

    try:
        code = segno.make(text, micro=False)
    except segno.DataOverflowError as error:
        raise QRTooLong("too long for a QR code") from error
    if int(code.version) > MAX_VERSION:
        raise QRTooLong("too long for a QR code that fits a terminal")
    return [[bool(module) for module in row] for row in code.matrix_iter(border=border)]


def half_block_rows(modules: Sequence[Sequence[bool]]) -> list[str]:
    """Draw a module matrix two module rows per text row."""
    rows: list[str] = []
    for top in range(0, len(modules), 2):
        upper = modules[top]
        lower = modules[top + 1] if top + 1 < len(modules) else [False] * len(upper)
        rows.append("".join(_CELLS[(a, b)] for a, b in zip(upper, lower, strict=True)))
    return rows


def modules_from_rows(rows: Sequence[str]) -> list[list[bool]]:
    """Read a half-block drawing back into modules (the inverse of `half_block_rows`)."""
    back = {cell: pair for pair, cell in _CELLS.items()}
    modules: list[list[bool]] = []
    for row in rows:
        pairs = [back[cell] for cell in row]
        modules.append([upper for upper, _ in pairs])
        modules.append([lower for _, lower in pairs])
    return modules


def qr_text(text: str) -> str:
    """`text` as a QR code in half blocks, one string of lines.

    Raises:
        QRTooLong: when the text needs a version above `MAX_VERSION`.
    """
    return "\n".join(half_block_rows(qr_modules(text)))
