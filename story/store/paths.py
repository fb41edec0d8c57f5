"""The data folder: everything the app writes (drafts, uploads, published media, saved stories).

Never inside the code tree's packages: a file a user gave is data, never code or configuration.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / ".qantar"
# The one SQLite file of the data folder: drafts, previews and presentations (story/store/sqlite.py).
STATE_FILE = "state.sqlite3"


def data_dir() -> Path:
    """`QANTAR_DATA_DIR`, or `.qantar/` at the repository's root; made (private to its owner) when missing."""
    folder = Path(os.environ.get("QANTAR_DATA_DIR") or DEFAULT).resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def state_file() -> Path:
    """The data folder's SQLite file (it may not exist yet)."""
    return data_dir() / STATE_FILE


def write_atomically(target: Path, data: bytes) -> None:
    """The whole new file or the old one, never half of either: written beside, then renamed over.
    Readable by all (0644): a web server in front may serve published files itself."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def saved_stories_dir() -> Path:
    """Where the editor saves stories (`make edit`): a story here replaces the one of the same file name."""
    return data_dir() / "stories"
