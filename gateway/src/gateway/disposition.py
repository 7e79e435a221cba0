"""The Content-Disposition of every download the gateway hands out (RFC 6266): a plain
ASCII `filename` for clients that read nothing else, then RFC 5987's `filename*` with the
real name percent-encoded as UTF-8 — every byte outside letters, digits and "-._~", so a
name holding "/", '"' or ";" cannot break the header or name a path."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

ASCII_NAME = re.compile(r"[A-Za-z0-9._-]+")


def attachment(name: str, fallback: str) -> str:
    if not ASCII_NAME.fullmatch(fallback):
        raise ValueError(f"the fallback file name must be plain ASCII: {fallback!r}")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def ascii_stand_in(name: str, stem: str = "attachment") -> str:
    """A user's file name as an old client may see it: itself when already plain ASCII,
    otherwise `stem` with the name's extension when that is plain (总装图.pdf →
    attachment.pdf), so the file still opens with the right program."""
    if ASCII_NAME.fullmatch(name) and name.strip("."):
        return name
    suffix = PurePosixPath(name).suffix
    return stem + suffix if suffix and ASCII_NAME.fullmatch(suffix) else stem
