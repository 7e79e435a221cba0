"""gRPC `salesos.notifications.v1.NotificationService`: the caller's inbox and
preferences (from the bearer token: no request field can name another person), and the
admins' dead-letter list."""

from __future__ import annotations

import grpc
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.auth import current_principal
from servicekit.errors import FieldError, PermissionDenied
from servicekit.ids import is_uuid

from notifications.domain.model import INBOX_STATES
from notifications.domain.preferences import InvalidPreference
from notifications.entrypoints.grpc_convert import (
    delivery_message,
    item_message,
    prefs_from,
    prefs_message,
)
from notifications.entrypoints.grpc_templates import TemplateRpcs
from notifications.service_layer import admin, handlers, inbox, paging, preferences
from notifications.service_layer.deps import Deps

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["NotificationService"].full_name
Ctx = grpc.aio.ServicerContext


class NotificationServicer(TemplateRpcs, pb_grpc.NotificationServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def ListInbox(self, request: pb.ListInboxRequest, context: Ctx) -> pb.ListInboxResponse:
        user_id = current_principal().user_id
        try:
            if request.HasField("changed_after"):
                if request.changed_after < 0:
                    raise FieldError("changed_after", "不能为负数")
                page = await handlers.inbox_changes(
                    self.deps.sessions, user_id=user_id, page_size=request.page_size,
                    after=request.changed_after,
                    late=self.deps.change_lag if request.with_late_changes else None)
            else:
                if request.state and request.state not in INBOX_STATES:
                    raise FieldError("state", "state 须为 open（未读且未撤回）、read（已读）"
                                              "或 withdrawn（已撤回）")
                page = await handlers.list_inbox(
                    self.deps.sessions, user_id=user_id, page_size=request.page_size,
                    page_token=request.page_token, state=request.state)
        except (paging.InvalidPageSize, paging.InvalidPageToken) as error:
            raise _page_error(error) from error
        return pb.ListInboxResponse(items=[item_message(i) for i in page.items],
                                    next_page_token=page.next_page_token)

    async def CountUnread(self, request: pb.CountUnreadRequest, context: Ctx
                          ) -> pb.CountUnreadResponse:
        unread = await inbox.count_unread(self.deps, user_id=current_principal().user_id)
        return pb.CountUnreadResponse(unread=unread)

    async def MarkRead(self, request: pb.MarkReadRequest, context: Ctx) -> pb.InboxItem:
        if not is_uuid(request.item_id):
            raise FieldError("item_id", "不是有效的通知 ID")
        item = await inbox.mark_read(self.deps, user_id=current_principal().user_id,
                                     item_id=request.item_id)
        return item_message(item)

    async def MarkAllRead(self, request: pb.MarkAllReadRequest, context: Ctx
                          ) -> pb.MarkAllReadResponse:
        marked = await inbox.mark_all_read(self.deps, user_id=current_principal().user_id)
        return pb.MarkAllReadResponse(marked=marked)

    async def GetPreferences(self, request: pb.GetPreferencesRequest, context: Ctx
                             ) -> pb.Preferences:
        read = await preferences.get(self.deps, user_id=current_principal().user_id)
        return prefs_message(read.prefs, version=read.version)

    async def PutPreferences(self, request: pb.Preferences, context: Ctx) -> pb.Preferences:
        wanted = prefs_from(request, user_id=current_principal().user_id)
        expected = request.expected_version if request.HasField("expected_version") else None
        try:
            saved = await preferences.put(self.deps, wanted, expected_version=expected)
        except InvalidPreference as error:
            raise FieldError(error.field, error.message) from error
        return prefs_message(saved.prefs, version=saved.version)

    async def ListFailedDeliveries(self, request: pb.ListFailedDeliveriesRequest, context: Ctx
                                   ) -> pb.ListFailedDeliveriesResponse:
        _admin_only()
        try:
            page = await admin.list_failed(self.deps, page_size=request.page_size,
                                           page_token=request.page_token)
        except (paging.InvalidPageSize, paging.InvalidPageToken) as error:
            raise _page_error(error) from error
        return pb.ListFailedDeliveriesResponse(
            deliveries=[delivery_message(r) for r in page.rows],
            next_page_token=page.next_page_token)

    async def RetryDelivery(self, request: pb.RetryDeliveryRequest, context: Ctx
                            ) -> pb.Delivery:
        _admin_only()
        if not is_uuid(request.delivery_id):
            raise FieldError("delivery_id", "不是有效的投递 ID")
        return delivery_message(await admin.retry(self.deps, delivery_id=request.delivery_id))


def _admin_only() -> None:
    if current_principal().role not in ("admin", "service"):
        raise PermissionDenied("仅管理员可查看和重试失败的通知投递")


def _page_error(error: Exception) -> FieldError:
    if isinstance(error, paging.InvalidPageSize):
        return FieldError("page_size", "每页条数不能为负数")
    return FieldError("page_token", "分页标记无效，请从第一页重新获取")

