"""gRPC `salesos.notifications.v1.NotificationService`."""

from __future__ import annotations

from datetime import datetime

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.auth import current_principal
from servicekit.errors import FieldError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifications.domain.model import InboxItem
from notifications.service_layer import handlers, paging

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["NotificationService"].full_name


class NotificationServicer(pb_grpc.NotificationServiceServicer):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def ListInbox(
        self, request: pb.ListInboxRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListInboxResponse:
        # Always the caller's own inbox: no request field can name another user.
        user_id = current_principal().user_id
        try:
            page = await handlers.list_inbox(
                self.sessions, user_id=user_id, page_size=request.page_size,
                page_token=request.page_token,
            )
        except paging.InvalidPageSize as error:
            raise FieldError("page_size", "每页条数不能为负数") from error
        except paging.InvalidPageToken as error:
            raise FieldError("page_token", "分页标记无效，请从第一页重新获取") from error
        return pb.ListInboxResponse(
            items=[_item(item) for item in page.items], next_page_token=page.next_page_token
        )


def _item(item: InboxItem) -> pb.InboxItem:
    message = pb.InboxItem(
        id=item.id, user_id=item.user_id, kind=item.kind, title=item.title, body=item.body,
        link=item.link, event_id=item.event_id, created_at=_timestamp(item.created_at),
    )
    if item.read_at is not None:
        message.read_at.CopyFrom(_timestamp(item.read_at))
    return message


def _timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp
