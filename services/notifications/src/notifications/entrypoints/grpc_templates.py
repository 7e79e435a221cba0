"""The admins' template RPCs of NotificationService, mixed into its servicer."""

from __future__ import annotations

import grpc
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.auth import current_principal
from servicekit.errors import FieldError, PermissionDenied

from notifications.domain.template_edits import InvalidTemplate
from notifications.entrypoints.grpc_convert import timestamp
from notifications.service_layer import template_admin
from notifications.service_layer.deps import Deps


def _admin_only() -> None:
    if current_principal().role not in ("admin", "service"):
        raise PermissionDenied("仅管理员可查看和修改通知模板")


def _message(view: template_admin.TemplateView) -> pb.MessageTemplate:
    message = pb.MessageTemplate(kind=view.kind, language=view.language, title=view.title,
                                 body=view.body, parameters=list(view.parameters),
                                 updated_by=view.updated_by)
    if view.updated_at is not None:
        message.updated_at.CopyFrom(timestamp(view.updated_at))
    return message


class TemplateRpcs:
    deps: Deps

    async def ListTemplates(self, request: pb.ListTemplatesRequest,
                            context: grpc.aio.ServicerContext) -> pb.ListTemplatesResponse:
        _admin_only()
        views = await template_admin.list_templates(self.deps)
        return pb.ListTemplatesResponse(templates=[_message(v) for v in views])

    async def PutTemplate(self, request: pb.MessageTemplate,
                          context: grpc.aio.ServicerContext) -> pb.MessageTemplate:
        _admin_only()
        try:
            view = await template_admin.put_template(
                self.deps, kind=request.kind, language=request.language, title=request.title,
                body=request.body, by=current_principal().username)
        except InvalidTemplate as error:
            raise FieldError(error.field, error.message) from error
        return _message(view)
