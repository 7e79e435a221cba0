"""k8s asks `/readyz/self` whether to send this replica traffic. With the database down
every replica still answers usefully (503 + Retry-After naming the database), so the
probe passes and clients keep getting the gateway's problem+json instead of the
ingress' bare 502; only this replica draining after SIGTERM takes it out."""

import httpx
from gateway.routes.health import start_draining


async def test_a_replica_whose_database_is_down_stays_in_the_service(
        offline_client: httpx.AsyncClient) -> None:
    assert (await offline_client.get("/readyz")).status_code == 503  # people see it
    response = await offline_client.get("/readyz/self")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready"}


async def test_a_draining_replica_goes_unready_with_retry_after(
        offline_client: httpx.AsyncClient) -> None:
    app = offline_client._transport.app  # type: ignore[attr-defined]
    start_draining(app)
    response = await offline_client.get("/readyz/self")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["Retry-After"]) > 0
