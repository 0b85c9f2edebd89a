"""Broken font files as a client's kit may ship them, made from the Northwind kit's Lato.

Each maker returns the bytes of one font file with one defect that fontTools does not
report as a TTLibError: the renderers must refuse or survive each, never crash on it.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.DefaultTable import DefaultTable

LATO = Path(__file__).resolve().parent.parent / "templates" / "northwind" / "fonts" / "Lato-Regular.ttf"


def corrupt_woff2() -> bytes:
    """Lato as WOFF2 with its Brotli stream garbled halfway (brotli.error when opened)."""
    font = TTFont(LATO)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    data = bytearray(out.getvalue())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(byte ^ 0xFF for byte in data[middle:middle + 64])
    return bytes(data)


def character_map_cut_short(*, keep_good: bool = False) -> bytes:
    """Lato whose character map holds a format 4 subtable with one byte of data, which
    fontTools reads into an array of 16-bit codes (ValueError).  With `keep_good`, Lato's own
    subtables stay beside it: FreeType and HarfBuzz use those, and only fontTools fails (when
    it subsets the font for a PDF)."""
    font = TTFont(LATO)
    broken = struct.pack(">HHH", 4, 15, 0) + bytes(9)  # format, length, language; 9 bytes
    if keep_good:
        raw = font.reader["cmap"]
        version, count = struct.unpack(">HH", raw[:4])
        entries = [struct.unpack(">HHL", raw[4 + 8 * i:12 + 8 * i]) for i in range(count)]
        entries = [(platform, encoding, offset + 8) for platform, encoding, offset in entries]
        entries.append((0, 3, len(raw) + 8))  # one more directory entry moves every offset
        data = (struct.pack(">HH", version, count + 1)
                + b"".join(struct.pack(">HHL", *entry) for entry in sorted(entries))
                + raw[4 + 8 * count:] + broken)
    else:
        data = struct.pack(">HH", 0, 1) + struct.pack(">HHL", 3, 1, 12) + broken
    table = DefaultTable("cmap")
    table.data = data
    font["cmap"] = table
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
