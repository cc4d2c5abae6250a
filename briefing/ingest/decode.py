"""Bytes to text: BOMs honoured, UTF-8 preferred, legacy encodings detected, binary refused."""

from __future__ import annotations

import codecs

from briefing.errors import InputError

#: Magic numbers of binary formats that sometimes arrive renamed as .txt.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
}


def decode_bytes(data: bytes, path: str) -> str:
    """Decode report bytes; raise InputError when the content is not text."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"not a text file: looks like {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(
                path,
                "not a text file: contains NUL bytes (binary, or UTF-16 without a byte-order mark)",
            )
        return _strict(data, encoding, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    latin = _western(data)
    if latin is not None:
        return latin
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(path, "cannot detect the text encoding; save the file as UTF-8")
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM, when it is recognisable: text in a Latin or Cyrillic
    script has a NUL (or a small high byte) in every other byte and printable bytes in
    the others, which binary data does not."""
    head = data[:4096]
    if len(head) < 8 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) / len(zeros) > 0.7 and min(other) >= 0x09:
            return encoding
    return None


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        reason = f"invalid {encoding} text ({exc.reason} at byte {exc.start})"
        raise InputError(path, reason) from None


def _western(data: bytes) -> str | None:
    """Windows-1252/Latin-1 text when it reads as a Western language.

    charset_normalizer often mistakes short Western-European text for Central-European
    code pages; conversely Cyrillic or Greek bytes decoded as Latin-1 become words made
    almost entirely of accented letters. A low share of non-ASCII letters tells them apart.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None
    accented = sum(1 for c in letters if ord(c) > 127)
    return text if accented / len(letters) < 0.3 else None
