"""What a caller of any service sees: who they are is checked, bad input names the field,
and a bug is an INTERNAL error that does not leak its details."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import Principal, bearer_metadata, current_principal, issue_token
from servicekit.errors import CodedConflict, Conflict, FieldError, error_info, field_violations
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving

SECRET = "interceptor-test-secret-0123456789abcdef"


class Directory(org_pb2_grpc.OrgDirectoryServicer):
    async def GetUser(self, request, context):
        if request.user_id == "bad":
            raise FieldError("user_id", "用户编号无效")
        if request.user_id == "left":
            raise CodedConflict("该用户已离职", reason="user_left", facts={"successor": "u2"})
        if request.user_id == "busy":
            raise Conflict("该用户正在交接")
        if request.user_id == "bug":
            raise RuntimeError("secret table name in a traceback")
        return org_pb2.User(id=request.user_id, username=current_principal().username)


@pytest.fixture
async def stub() -> AsyncIterator[org_pb2_grpc.OrgDirectoryStub]:
    def register(server: grpc.aio.Server) -> list[str]:
        org_pb2_grpc.add_OrgDirectoryServicer_to_server(Directory(), server)
        return ["salesos.org.v1.OrgDirectory"]

    async with grpc_serving(ServiceSettings(jwt_secret=SECRET), register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield org_pb2_grpc.OrgDirectoryStub(channel)


def _as(username: str) -> tuple[tuple[str, str], ...]:
    return bearer_metadata(issue_token(Principal("u1", username, "rep"), SECRET))


async def test_the_handler_knows_who_is_calling(stub) -> None:
    user = await stub.GetUser(org_pb2.GetUserRequest(user_id="u9"), metadata=_as("rep07"))
    assert user.username == "rep07"


async def test_a_call_without_a_valid_token_is_unauthenticated(stub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="u9"))
    assert missing.value.code() == grpc.StatusCode.UNAUTHENTICATED
    forged = bearer_metadata(issue_token(Principal("u1", "x", "admin"),
                                         "another-secret-value-0123456789abcdef"))
    with pytest.raises(grpc.aio.AioRpcError) as wrong:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="u9"), metadata=forged)
    assert wrong.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_bad_input_is_invalid_argument_naming_the_field(stub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="bad"), metadata=_as("rep01"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value) == [("user_id", "用户编号无效")]


async def test_a_bug_is_internal_and_its_details_stay_in_the_log(stub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="bug"), metadata=_as("rep01"))
    assert error.value.code() == grpc.StatusCode.INTERNAL
    assert "secret" not in (error.value.details() or "")


async def test_a_coded_conflict_carries_its_reason_and_facts_and_a_plain_one_none(stub) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as coded:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="left"), metadata=_as("rep01"))
    assert (coded.value.code(), coded.value.details()) == (
        grpc.StatusCode.FAILED_PRECONDITION, "该用户已离职")
    assert error_info(coded.value) == ("user_left", {"successor": "u2"})
    with pytest.raises(grpc.aio.AioRpcError) as plain:
        await stub.GetUser(org_pb2.GetUserRequest(user_id="busy"), metadata=_as("rep01"))
    assert plain.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert error_info(plain.value) is None
