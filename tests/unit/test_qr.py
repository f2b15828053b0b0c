"""QR codes in half blocks: the drawing is the library's matrix, and a decoder reads it."""

from __future__ import annotations

import pytest
import segno

from tuinews.core.qr import (
    MAX_VERSION,
    QUIET_ZONE,
    QRTooLong,
    half_block_rows,
    modules_from_rows,
    qr_modules,
    qr_text,
)

from ..qrdecode import decode_half_blocks

URLS = [
    "https://news.example/",
    "http://127.0.0.1:8000/2026/11/27/harrow-river-flood-barriers-hold/",
    "https://www.bank.example@evil.example/login?next=/account&x=$(id)",
    "https://xn--pypal-4ve.com/%E2%9C%93?q=caf%C3%A9#top",
    "https://example.com/" + "a" * 250,
]


@pytest.mark.parametrize("url", URLS)
def test_the_drawing_decodes_to_the_url(url: str) -> None:
    rows = qr_text(url).split("\n")
    assert decode_half_blocks(rows) == [url]


@pytest.mark.parametrize("url", URLS)
def test_the_drawing_is_the_libraries_own_matrix(url: str) -> None:
    expected = [[bool(m) for m in row] for row in segno.make(url).matrix_iter(border=QUIET_ZONE)]
    assert qr_modules(url) == expected
    rows = half_block_rows(expected)
    assert len(rows) == (len(expected) + 1) // 2
    assert all(len(row) == len(expected[0]) for row in rows)
    back = modules_from_rows(rows)
    assert back[: len(expected)] == expected
    # An odd module count is padded with one light row, which is quiet zone anyway.
    assert all(not dark for row in back[len(expected) :] for dark in row)


def test_only_half_blocks_and_spaces_are_drawn() -> None:
    assert set(qr_text(URLS[1])) <= {" ", "▀", "▄", "█", "\n"}


def test_a_link_too_long_for_a_terminal_qr_code_is_refused() -> None:
    with pytest.raises(QRTooLong):
        qr_text("https://example.com/" + "a" * 2000)
    with pytest.raises(QRTooLong):
        qr_text("https://example.com/" + "a" * 5000)  # past what any QR version holds
    assert int(segno.make("https://example.com/" + "a" * 250).version) <= MAX_VERSION
