"""The web app's icons, drawn at build time: a white loop on the palette's primary colour.

Full-bleed squares with the loop inside the central 60%, so one file serves as both an ordinary
and a maskable icon (a launcher may crop to a circle of 80% of the side). Plain PNG, written with
zlib: no imaging library for two circles.
"""
from __future__ import annotations

import struct
import zlib

RING_RADIUS = 0.24       # of the side, to the middle of the stroke
RING_HALF_WIDTH = 0.05   # of the side
DOT_RADIUS = 0.09        # the marker on the loop, at one o'clock


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _coverage(distance_outside: float) -> float:
    """How much of a pixel a shape covers, from the distance of its centre outside the edge."""
    return min(1.0, max(0.0, 0.5 - distance_outside))


def png(size: int, background: str, foreground: str = "#ffffff") -> bytes:
    bg, fg = _hex(background), _hex(foreground)
    centre = size / 2
    ring, half, dot = RING_RADIUS * size, RING_HALF_WIDTH * size, DOT_RADIUS * size
    dot_x, dot_y = centre + ring * 0.5, centre - ring * 0.866
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")  # filter type: none
        py = y + 0.5 - centre
        for x in range(size):
            px = x + 0.5 - centre
            radial = (px * px + py * py) ** 0.5
            cover = max(_coverage(abs(radial - ring) - half),
                        _coverage(((x + 0.5 - dot_x) ** 2 + (y + 0.5 - dot_y) ** 2) ** 0.5 - dot))
            row += bytes(round(b + (f - b) * cover) for b, f in zip(bg, fg))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
