"""Files people attach (drawings, photos, signed PDFs), behind one small interface.

`Storage.put` keeps the bytes and returns an opaque key; `get` gives them back. The disk
implementation writes under a root directory with content-addressed names
(`<sha256[:2]>/<sha256>`), so the same file uploaded twice is stored once and a key
never names a path outside the root. An object store can implement the same Protocol.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    def put(self, content: bytes) -> tuple[str, str]:
        """(key, sha256 hex) of the stored bytes."""
        ...

    def get(self, key: str) -> bytes: ...


class DiskStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise KeyError(key)
        return self.root / key[:2] / key

    def put(self, content: bytes) -> tuple[str, str]:
        digest = hashlib.sha256(content).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.replace(tmp, path)
        return digest, digest

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()
