"""When two names staff give are the same name: a survey template's, a topic's. People do not tell
names apart by case (Ü is ü, ß is ss) or by the spaces around and between words, so neither do the
services. The key is computed here, not by the database: its ``lower()`` folds ASCII letters only
(the cluster runs without a locale)."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """The name with its spaces collapsed, in one Unicode form, case folded; stored next to the name
    under a unique index (revisions store it with the frozen ``migrations.name_key_v1``)."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()
