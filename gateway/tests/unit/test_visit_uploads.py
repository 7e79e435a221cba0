"""Visit uploads carry photos: their paths get the large body limit, nothing else does;
photo checks answer 415 before anything reaches the pipeline service."""

from __future__ import annotations

import httpx
from gateway.bodylimit import BodyLimits
from gateway.routes.visits import UPLOAD_PATTERN
from gateway.visit_uploads import _sniff

VISITS = "/api/v1/opportunities/0190/visits"


def test_only_the_visit_upload_paths_get_the_photo_body_limit() -> None:
    limits = BodyLimits(max_bytes=64, per_pattern={UPLOAD_PATTERN: 9000})
    assert limits.limit_for(VISITS) == 9000
    assert limits.limit_for(VISITS + "/0191/check-in") == 9000
    assert limits.limit_for(VISITS + "/0191/report") == 64
    assert limits.limit_for("/api/v1/opportunities/0190/stage") == 64


async def test_a_photo_sized_body_passes_the_limit_on_the_visits_path_only(
        offline_client: httpx.AsyncClient) -> None:
    photo = ("photos", ("a.jpg", b"\xff\xd8\xff" + b"x" * (200 * 1024), "image/jpeg"))
    form = {"latitude": "31.3", "longitude": "120.6"}
    visit = await offline_client.post(VISITS, data=form, files=[photo])
    assert visit.status_code == 401  # past the size check, stopped by auth
    other = await offline_client.post("/api/v1/opportunities/0190/stage", data=form,
                                      files=[photo])
    assert other.status_code == 413


def test_photos_are_recognised_by_their_first_bytes() -> None:
    assert _sniff(b"\xff\xd8\xff\xe0\0\0") == "image/jpeg"
    assert _sniff(b"\x89PNG\r\n\x1a\n") == "image/png"
    assert _sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert _sniff(b"<svg xmlns=") is None
