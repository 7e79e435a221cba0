"""Where visit photos' bytes live: a small key → bytes interface.

`DiskStore` (the default) keeps them under `<SALESOS_DATA_DIR>/pipeline/photos/`. A
replacement for an S3-compatible store (MinIO, OSS, COS) implements the same three
methods with put_object / get_object / delete_object on one bucket, keys unchanged;
the database holds only the key, size, type and SHA-256 of each photo.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from pathlib import Path
from typing import Protocol

_KEY = re.compile(r"^[a-z0-9][a-z0-9/_.-]{0,200}$")


class PhotoStore(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str) -> None: ...
    async def get(self, key: str) -> bytes: ...  # FileNotFoundError when there is none
    async def delete(self, key: str) -> None: ...  # no error when there is none


class DiskStore:
    """Files written to a temporary name and renamed, so a reader never sees half a photo."""

    def __init__(self, root: Path) -> None:
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
