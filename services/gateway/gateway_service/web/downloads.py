"""The Content-Disposition of every file the gateway hands out: the readable name in ASCII for every
client, and the same name in ``filename*`` (RFC 6266/8187) for those that prefer it."""

from __future__ import annotations

from urllib.parse import quote


def disposition(file_name: str, kind: str = "attachment") -> str:
    """``attachment`` (or ``inline``) with the file's name; a character a quoted name cannot carry
    becomes ``_`` in the ASCII name and stays in ``filename*``."""
    fallback = "".join(
        char if char.isascii() and char.isprintable() and char not in '"\\' else "_" for char in file_name
    )
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
