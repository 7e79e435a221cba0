"""Files people attach (visit photos, drawings, signed PDFs), behind one small interface.

`Storage` is key → bytes with put/get/delete; the database keeps only the key, size,
type and SHA-256. `DiskStorage` (the default) writes under a root directory; an
S3-compatible store (MinIO, OSS, COS) implements the same three methods with
put_object / get_object / delete_object on one bucket, keys unchanged.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[a-z0-9][a-z0-9/_.-]{0,200}$")


class Storage(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str) -> None: ...
    async def get(self, key: str) -> bytes: ...  # FileNotFoundError when there is none
    async def delete(self, key: str) -> None: ...  # no error when there is none


def content_key(data: bytes) -> tuple[str, str]:
    """(key, sha256 hex) naming bytes by their content, so a file uploaded twice is
    stored once: `<sha256[:2]>/<sha256>`."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest}", digest


class DiskStorage:
    """Files written to a temporary name and renamed, so a reader never sees half a file;
    a key never names a path outside the root."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key) or ".." in key:
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key

    async def put(self, key: str, data: bytes, *, content_type: str) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temp.write_bytes(data)
        os.replace(temp, path)
