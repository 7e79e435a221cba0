"""Message texts per notification kind and language, as data admins edit
(`/api/v1/admin/notification-templates`). Texts use the kind's `parameters` in braces,
e.g. `新报价待财务查看：{account_name} {total}`; any other name is 422 naming the field."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header
from pydantic import BaseModel, ConfigDict, Field
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.protos import moment

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.routes import API_PREFIX
from gateway.timefilters import SHANGHAI

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


class TemplateRead(BaseModel):
    kind: str
    language: str
    title: str
    body: str
    parameters: list[str]
    updated_by: str
    updated_at: datetime | None


class TemplateList(BaseModel):
    items: list[TemplateRead]


class TemplateEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=200)
    body: str = Field("", max_length=2000)


def _read(message: pb.MessageTemplate) -> TemplateRead:
    return TemplateRead(
        kind=message.kind, language=message.language, title=message.title, body=message.body,
        parameters=list(message.parameters), updated_by=message.updated_by,
        updated_at=moment(message, "updated_at", SHANGHAI))


@router.get("/admin/notification-templates", response_model=TemplateList)
async def list_templates(_: CurrentUser, token: BearerToken,
                         clients: ServiceClients) -> TemplateList:
    """Every kind in every language (a short list, so not paginated); admins only."""
    reply = await clients.call_notifications("ListTemplates", pb.ListTemplatesRequest(),
                                             user_token=token)
    return TemplateList(items=[_read(t) for t in reply.templates])


@router.put("/admin/notification-templates/{kind}/{language}", response_model=TemplateRead)
async def put_template(
    kind: str, language: str, body: TemplateEdit, _: CurrentUser, token: BearerToken,
    clients: ServiceClients,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> TemplateRead:
    """Replaces the text; live on every replica within seconds."""
    reply = await clients.call_notifications("PutTemplate", pb.MessageTemplate(
        kind=kind, language=language, title=body.title, body=body.body), user_token=token)
    return _read(reply)
