"""Test helpers of this folder (notification_builders) are imported by name; pytest's importlib
import mode does not put the folder on the import path, so it is added here."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
