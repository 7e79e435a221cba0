"""Attached files: what is stored comes back byte for byte, the same content has one
key, and no key reaches outside the storage root."""

from __future__ import annotations

from pathlib import Path

import pytest
from servicekit.storage import DiskStorage, content_key


async def test_a_file_comes_back_as_stored_and_is_gone_after_delete(tmp_path: Path) -> None:
    storage = DiskStorage(tmp_path)
    key, digest = content_key(b"drawing v1")
    await storage.put(key, b"drawing v1", content_type="application/pdf")
    assert await storage.get(key) == b"drawing v1"
    assert key == f"{digest[:2]}/{digest}" and content_key(b"drawing v1") == (key, digest)
    await storage.delete(key)
    await storage.delete(key)  # deleting twice is not an error
    with pytest.raises(FileNotFoundError):
        await storage.get(key)


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a/../../b", "UPPER", ""])
async def test_a_key_outside_the_root_is_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        await DiskStorage(tmp_path / "root").put(key, b"x", content_type="text/plain")
    assert _empty(tmp_path)


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())
