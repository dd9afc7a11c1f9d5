"""Checks of deploy/, the image recipe and the AsyncAPI documents, all without a Docker engine."""

from __future__ import annotations

import sys
from pathlib import Path

# Test modules are imported by path: make the helper modules next to this file importable.
sys.path.insert(0, str(Path(__file__).parent))
