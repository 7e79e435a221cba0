"""ContractService over gRPC: translate requests, call the use cases, map domain refusals
(InvalidField → INVALID_ARGUMENT naming the field, TransitionRefused → FAILED_PRECONDITION,
the org directory down → UNAVAILABLE)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import grpc
from salesos.pipeline.v1 import contracts_pb2 as pb
from salesos.pipeline.v1 import contracts_pb2_grpc
from servicekit.auth import current_principal
from servicekit.errors import ServiceError
from servicekit.protos import moment

from pipeline.adapters.org_directory import OrgUnavailable
from pipeline.domain.approval_matrix import Level
from pipeline.entrypoints.grpc_server import domain_errors
from pipeline.entrypoints.text_guard import guard_text
from pipeline.service_layer import (
    approval_admin,
    approving,
    contract_document,
    contract_lists,
    contracting,
    signing,
)
from pipeline.service_layer.contract_deps import ContractDeps

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ContractService"].full_name


class Unavailable(ServiceError):
    code = grpc.StatusCode.UNAVAILABLE


@contextmanager
def refusals() -> Iterator[None]:
    with domain_errors():
        try:
            yield
        except OrgUnavailable as error:
            raise Unavailable("组织架构服务暂时不可用，请稍后重试") from error


@guard_text
class ContractServicer(contracts_pb2_grpc.ContractServiceServicer):
    def __init__(self, deps: ContractDeps) -> None:
        self._deps = deps

    async def CreateContract(self, request: pb.CreateContractRequest,
                             context: grpc.aio.ServicerContext) -> pb.Contract:
        principal = current_principal()
        with refusals():
            contract_id = await contracting.create_contract(request, principal, self._deps)
            return await contracting.get_contract(contract_id, principal, self._deps)

    async def GetContract(self, request: pb.GetContractRequest,
                          context: grpc.aio.ServicerContext) -> pb.Contract:
        return await contracting.get_contract(request.contract_id, current_principal(),
                                              self._deps)

    async def ListContracts(self, request: pb.ListContractsRequest,
                            context: grpc.aio.ServicerContext) -> pb.ListContractsResponse:
        return await contract_lists.list_contracts(request, current_principal(), self._deps)

    async def UpdateContractTerms(self, request: pb.UpdateContractTermsRequest,
                                  context: grpc.aio.ServicerContext) -> pb.Contract:
        with refusals():
            return await contracting.update_terms(request, current_principal(), self._deps)

    async def DiffContract(self, request: pb.DiffContractRequest,
                           context: grpc.aio.ServicerContext) -> pb.ContractDiff:
        with refusals():
            return await contracting.diff(request, current_principal(), self._deps)

    async def SubmitContract(self, request: pb.SubmitContractRequest,
                             context: grpc.aio.ServicerContext) -> pb.Contract:
        with refusals():
            return await approving.submit(request.contract_id, current_principal(), self._deps)

    async def DecideContract(self, request: pb.DecideContractRequest,
                             context: grpc.aio.ServicerContext) -> pb.Contract:
        with refusals():
            return await approving.decide(request, current_principal(), self._deps)

    async def GetApprovalMatrix(self, request: pb.GetApprovalMatrixRequest,
                                context: grpc.aio.ServicerContext) -> pb.ApprovalMatrix:
        return await approval_admin.get_matrix(self._deps)

    async def PutApprovalMatrix(self, request: pb.PutApprovalMatrixRequest,
                                context: grpc.aio.ServicerContext) -> pb.ApprovalMatrix:
        levels = [Level(lv.code, lv.label, lv.from_fen, lv.approver_kind, lv.approver_username)
                  for lv in request.levels]
        with refusals():
            return await approval_admin.put_matrix(levels, current_principal(), self._deps)

    async def SetDelegation(self, request: pb.SetDelegationRequest,
                            context: grpc.aio.ServicerContext) -> pb.Delegation:
        until = moment(request, "until")
        with refusals():
            return await approval_admin.set_delegation(request.to_user_id, until,
                                                       current_principal(), self._deps)

    async def GetDelegation(self, request: pb.GetDelegationRequest,
                            context: grpc.aio.ServicerContext) -> pb.Delegation:
        return await approval_admin.get_delegation(current_principal(), self._deps)

    async def RequestSignature(self, request: pb.RequestSignatureRequest,
                               context: grpc.aio.ServicerContext) -> pb.SignatureInvite:
        with refusals():
            return await signing.request_signature(request, current_principal(), self._deps)

    async def GetSigningDocument(self, request: pb.SigningTokenRequest,
                                 context: grpc.aio.ServicerContext) -> pb.SigningDocument:
        with refusals():
            return await signing.get_document(request.token, current_principal(), self._deps)

    async def Sign(self, request: pb.SignRequest,
                   context: grpc.aio.ServicerContext) -> pb.SignatureReceipt:
        with refusals():
            return await signing.sign(request, current_principal(), self._deps)

    async def VerifyContract(self, request: pb.VerifyContractRequest,
                             context: grpc.aio.ServicerContext) -> pb.Verification:
        return await contract_document.verify(request.contract_id, current_principal(), self._deps)
