"""The code of a topic staff add, derived from its German label: people name a topic in words, the
services exchange its code."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
# A code is ``^[a-z][a-z0-9_]{2,60}$`` (``CreateTopic.code``); room is left for a suffix like "_12".
_LONGEST_STEM = 56
_PREFIX = "topic_"


def code_from_label(label: str) -> str:
    """Lowercase ASCII with German umlauts transliterated (ä → ae, ß → ss), other accents dropped,
    every run of other characters one underscore. A stem that does not start with a letter or is
    shorter than three characters gets the prefix ``topic_``."""
    lowered = label.strip().lower().translate(_TRANSLITERATION)
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")
    stem = _NOT_ALPHANUMERIC.sub("_", ascii_only).strip("_")
    if len(stem) < 3 or not stem[0].isalpha():
        stem = f"{_PREFIX}{stem}".rstrip("_")
    return stem[:_LONGEST_STEM].rstrip("_")


def unique_code(label: str, taken: Collection[str]) -> str:
    """The label's code, or with ``_2``, ``_3``, … appended when that is taken already."""
    code = code_from_label(label)
    number = 2
    candidate = code
    while candidate in taken:
        candidate = f"{code}_{number}"
        number += 1
    return candidate
