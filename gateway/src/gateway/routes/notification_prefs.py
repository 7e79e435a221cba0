"""`GET/PUT/PATCH /api/v1/me/notification-preferences`: one's own delivery preferences."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.notification_fields import PREFERENCES, rest_fields
from gateway.notification_protoconv import prefs_message, prefs_read
from gateway.notification_schemas import NotificationPreferences, NotificationPreferencesPatch
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


@router.get("/me/notification-preferences", response_model=NotificationPreferences)
async def get_preferences(_: CurrentUser, token: BearerToken,
                          clients: ServiceClients) -> NotificationPreferences:
    reply = await clients.call_notifications("GetPreferences", pb.GetPreferencesRequest(),
                                             user_token=token)
    return prefs_read(reply)


@router.put("/me/notification-preferences", response_model=NotificationPreferences)
async def put_preferences(
    body: NotificationPreferences, _: CurrentUser, token: BearerToken, clients: ServiceClients,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> NotificationPreferences:
    """Replaces the whole document (PUT is idempotent by itself). A mainland number is
    stored as E.164; a bad field is 422 naming it, and nothing is saved."""
    with rest_fields(PREFERENCES):
        reply = await clients.call_notifications("PutPreferences", prefs_message(body),
                                                 user_token=token)
    return prefs_read(reply)


@router.patch("/me/notification-preferences", response_model=NotificationPreferences)
async def patch_preferences(
    body: NotificationPreferencesPatch, _: CurrentUser, token: BearerToken,
    clients: ServiceClients,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> NotificationPreferences:
    """Changes only the fields sent (JSON merge patch), so a client that knows only the
    language cannot wipe the channels chosen elsewhere. The merge is done on the document
    as read (credentials masked; a masked value sent back keeps the stored one) and saved
    whole, with the same 422 naming the field as PUT. Two patches of one person's own
    document at the same instant may race (the later wins); one person, one document."""
    current = await get_preferences(_, token, clients)
    merged = body.applied_to(current)
    with rest_fields(PREFERENCES):
        reply = await clients.call_notifications("PutPreferences", prefs_message(merged),
                                                 user_token=token)
    return prefs_read(reply)
