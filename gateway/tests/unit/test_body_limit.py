from collections.abc import AsyncIterator

import httpx

LIMIT = 64 * 1024


async def test_body_over_64k_with_content_length_is_413(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post("/api/v1/intake/web-form", content=b"x" * (LIMIT + 1),
                                         headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["field"]) == ("payload_too_large", "body")


async def test_chunked_body_over_64k_without_content_length_is_413(
        offline_client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"username": "'
        for _ in range(70):
            yield b"a" * 1024
        yield b'", "password": "x"}'

    response = await offline_client.post("/api/v1/auth/token", content=chunks(),
                                         headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert (response.json()["code"], response.json()["field"]) == ("payload_too_large", "body")


async def test_body_just_under_the_limit_is_not_refused_for_size(
        offline_client: httpx.AsyncClient) -> None:
    body = b'{"username": "' + b"a" * (LIMIT - 100) + b'", "password": "x"}'
    response = await offline_client.post("/api/v1/auth/token", content=body,
                                         headers={"content-type": "application/json"})
    assert response.status_code == 422  # too long a username, but not too big a body
