"""`GET/PUT/PATCH /api/v1/me/notification-preferences`: one's own delivery preferences.

Every answer carries the document's version as its `ETag` (if_match.py); a PUT or PATCH
with `If-Match` is 412 when it was saved since (on the phone while the web page was
open), and nothing is saved. Without If-Match a PUT replaces whatever is stored and a
PATCH merges onto whatever is stored, as before."""

from __future__ import annotations

from typing import Annotated

import grpc
from fastapi import APIRouter, Header, Response
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.if_match import expected_version, stale, tag
from gateway.notification_fields import PREFERENCES, rest_fields
from gateway.notification_protoconv import prefs_message, prefs_read
from gateway.notification_schemas import NotificationPreferences, NotificationPreferencesPatch
from gateway.problems import Problem
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])
PATH = "/me/notification-preferences"
STALE = "通知设置在您读取之后已被修改（可能是在另一台设备上），请重新读取后再修改"
IfMatch = Annotated[str | None, Header(description=(
    'the ETag a GET gave ("<version>"): 412 when the preferences were saved since; '
    "left out: saved whatever is stored"))]
IdempotencyKey = Annotated[str | None, Header(max_length=200)]
MERGES = 3  # a PATCH without If-Match that keeps meeting a save in between gives up


def _version(if_match: str | None) -> int | None:
    return expected_version(if_match, digits=18, example='"1795856400000000"')


async def _save(clients: ServiceClients, token: str, message: pb.Preferences
                ) -> pb.Preferences:
    try:
        with rest_fields(PREFERENCES):
            return await clients.call_notifications("PutPreferences", message,
                                                    user_token=token)
    except grpc.aio.AioRpcError as error:
        if error.code() == grpc.StatusCode.ABORTED:  # saved since the version expected
            raise stale(STALE) from error
        raise


@router.get(PATH, response_model=NotificationPreferences)
async def get_preferences(_: CurrentUser, token: BearerToken, clients: ServiceClients,
                          response: Response) -> NotificationPreferences:
    reply = await clients.call_notifications("GetPreferences", pb.GetPreferencesRequest(),
                                             user_token=token)
    tag(response, reply.version)
    return prefs_read(reply)


@router.put(PATH, response_model=NotificationPreferences, responses={412: {}})
async def put_preferences(body: NotificationPreferences, _: CurrentUser, token: BearerToken,
                          clients: ServiceClients, response: Response,
                          idempotency_key: IdempotencyKey = None, if_match: IfMatch = None,
                          ) -> NotificationPreferences:
    """Replaces the whole document (PUT is idempotent by itself). A mainland number is
    stored as E.164; a bad field is 422 naming it, and nothing is saved."""
    message = prefs_message(body)
    if (version := _version(if_match)) is not None:
        message.expected_version = version
    reply = await _save(clients, token, message)
    tag(response, reply.version)
    return prefs_read(reply)


@router.patch(PATH, response_model=NotificationPreferences, responses={412: {}})
async def patch_preferences(body: NotificationPreferencesPatch, _: CurrentUser,
                            token: BearerToken, clients: ServiceClients, response: Response,
                            idempotency_key: IdempotencyKey = None, if_match: IfMatch = None,
                            ) -> NotificationPreferences:
    """Changes only the fields sent (JSON merge patch), so a client that knows only the
    language cannot wipe the channels chosen elsewhere. The merge is done on the document
    as read (credentials masked; a masked value sent back keeps the stored one) and saved
    whole, only over the version merged onto, with the same 422 naming the field as PUT.
    With If-Match: 412 unless that is the version stored. Without: a save in between is
    merged onto again, so two patches at once both take effect."""
    expected = _version(if_match)
    for attempt in range(1, MERGES + 1):
        current = await clients.call_notifications("GetPreferences", pb.GetPreferencesRequest(),
                                                   user_token=token)
        if expected is not None and current.version != expected:
            raise stale(STALE)
        message = prefs_message(body.applied_to(prefs_read(current)))
        message.expected_version = current.version
        try:
            reply = await _save(clients, token, message)
        except Problem as problem:
            if problem.status == 412 and expected is None and attempt < MERGES:
                continue  # saved in between: merge onto that
            raise
        break
    tag(response, reply.version)
    return prefs_read(reply)
