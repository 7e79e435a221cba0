import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Terms(_message.Message):
    __slots__ = ("payment_terms", "delivery_date", "warranty_months", "penalties", "price_fen")
    PAYMENT_TERMS_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_DATE_FIELD_NUMBER: _ClassVar[int]
    WARRANTY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    PENALTIES_FIELD_NUMBER: _ClassVar[int]
    PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    payment_terms: str
    delivery_date: str
    warranty_months: int
    penalties: str
    price_fen: int
    def __init__(self, payment_terms: _Optional[str] = ..., delivery_date: _Optional[str] = ..., warranty_months: _Optional[int] = ..., penalties: _Optional[str] = ..., price_fen: _Optional[int] = ...) -> None: ...

class ContractVersion(_message.Message):
    __slots__ = ("version", "terms", "created_by", "created_at")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    version: int
    terms: Terms
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., terms: _Optional[_Union[Terms, _Mapping]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ApprovalStep(_message.Message):
    __slots__ = ("position", "level", "label", "approver_id", "delegated_from", "status", "comment", "decided_by", "decided_at", "due_at", "round", "reason")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    DELEGATED_FROM_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    position: int
    level: str
    label: str
    approver_id: str
    delegated_from: str
    status: str
    comment: str
    decided_by: str
    decided_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    round: int
    reason: str
    def __init__(self, position: _Optional[int] = ..., level: _Optional[str] = ..., label: _Optional[str] = ..., approver_id: _Optional[str] = ..., delegated_from: _Optional[str] = ..., status: _Optional[str] = ..., comment: _Optional[str] = ..., decided_by: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., round: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class Contract(_message.Message):
    __slots__ = ("id", "opportunity_id", "quote_id", "status", "status_label", "current_version", "terms", "versions", "approval", "owner_id", "region_id", "account_name", "product_codes", "created_at", "signed_at", "document_sha256", "number")
    ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_LABEL_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VERSION_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    opportunity_id: str
    quote_id: str
    status: str
    status_label: str
    current_version: int
    terms: Terms
    versions: _containers.RepeatedCompositeFieldContainer[ContractVersion]
    approval: _containers.RepeatedCompositeFieldContainer[ApprovalStep]
    owner_id: str
    region_id: str
    account_name: str
    product_codes: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    signed_at: _timestamp_pb2.Timestamp
    document_sha256: str
    number: str
    def __init__(self, id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., status: _Optional[str] = ..., status_label: _Optional[str] = ..., current_version: _Optional[int] = ..., terms: _Optional[_Union[Terms, _Mapping]] = ..., versions: _Optional[_Iterable[_Union[ContractVersion, _Mapping]]] = ..., approval: _Optional[_Iterable[_Union[ApprovalStep, _Mapping]]] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., account_name: _Optional[str] = ..., product_codes: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., document_sha256: _Optional[str] = ..., number: _Optional[str] = ...) -> None: ...

class CreateContractRequest(_message.Message):
    __slots__ = ("opportunity_id", "quote_id", "terms", "idempotency_key")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    quote_id: str
    terms: Terms
    idempotency_key: str
    def __init__(self, opportunity_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., terms: _Optional[_Union[Terms, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetContractRequest(_message.Message):
    __slots__ = ("contract_id",)
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    def __init__(self, contract_id: _Optional[str] = ...) -> None: ...

class ListContractsRequest(_message.Message):
    __slots__ = ("status", "opportunity_id", "awaiting_me", "page_size", "page_token", "number")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    AWAITING_ME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    status: str
    opportunity_id: str
    awaiting_me: bool
    page_size: int
    page_token: str
    number: str
    def __init__(self, status: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., awaiting_me: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., number: _Optional[str] = ...) -> None: ...

class ListContractsResponse(_message.Message):
    __slots__ = ("contracts", "next_page_token")
    CONTRACTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contracts: _containers.RepeatedCompositeFieldContainer[Contract]
    next_page_token: str
    def __init__(self, contracts: _Optional[_Iterable[_Union[Contract, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateContractTermsRequest(_message.Message):
    __slots__ = ("contract_id", "terms")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    terms: Terms
    def __init__(self, contract_id: _Optional[str] = ..., terms: _Optional[_Union[Terms, _Mapping]] = ...) -> None: ...

class DiffContractRequest(_message.Message):
    __slots__ = ("contract_id", "against", "version")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    AGAINST_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    against: int
    version: int
    def __init__(self, contract_id: _Optional[str] = ..., against: _Optional[int] = ..., version: _Optional[int] = ...) -> None: ...

class ClauseChange(_message.Message):
    __slots__ = ("clause", "label", "old_value", "new_value", "old_text", "new_text")
    CLAUSE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    OLD_TEXT_FIELD_NUMBER: _ClassVar[int]
    NEW_TEXT_FIELD_NUMBER: _ClassVar[int]
    clause: str
    label: str
    old_value: str
    new_value: str
    old_text: str
    new_text: str
    def __init__(self, clause: _Optional[str] = ..., label: _Optional[str] = ..., old_value: _Optional[str] = ..., new_value: _Optional[str] = ..., old_text: _Optional[str] = ..., new_text: _Optional[str] = ...) -> None: ...

class ContractDiff(_message.Message):
    __slots__ = ("contract_id", "from_version", "to_version", "changes")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_VERSION_FIELD_NUMBER: _ClassVar[int]
    TO_VERSION_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    from_version: int
    to_version: int
    changes: _containers.RepeatedCompositeFieldContainer[ClauseChange]
    def __init__(self, contract_id: _Optional[str] = ..., from_version: _Optional[int] = ..., to_version: _Optional[int] = ..., changes: _Optional[_Iterable[_Union[ClauseChange, _Mapping]]] = ...) -> None: ...

class SubmitContractRequest(_message.Message):
    __slots__ = ("contract_id",)
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    def __init__(self, contract_id: _Optional[str] = ...) -> None: ...

class DecideContractRequest(_message.Message):
    __slots__ = ("contract_id", "decision", "comment")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    decision: str
    comment: str
    def __init__(self, contract_id: _Optional[str] = ..., decision: _Optional[str] = ..., comment: _Optional[str] = ...) -> None: ...

class MatrixLevel(_message.Message):
    __slots__ = ("code", "label", "from_fen", "approver_kind", "approver_username")
    CODE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    FROM_FEN_FIELD_NUMBER: _ClassVar[int]
    APPROVER_KIND_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    code: str
    label: str
    from_fen: int
    approver_kind: str
    approver_username: str
    def __init__(self, code: _Optional[str] = ..., label: _Optional[str] = ..., from_fen: _Optional[int] = ..., approver_kind: _Optional[str] = ..., approver_username: _Optional[str] = ...) -> None: ...

class ApprovalMatrix(_message.Message):
    __slots__ = ("version", "levels", "created_by", "created_at")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    version: int
    levels: _containers.RepeatedCompositeFieldContainer[MatrixLevel]
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., levels: _Optional[_Iterable[_Union[MatrixLevel, _Mapping]]] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetApprovalMatrixRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PutApprovalMatrixRequest(_message.Message):
    __slots__ = ("levels",)
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    levels: _containers.RepeatedCompositeFieldContainer[MatrixLevel]
    def __init__(self, levels: _Optional[_Iterable[_Union[MatrixLevel, _Mapping]]] = ...) -> None: ...

class Delegation(_message.Message):
    __slots__ = ("user_id", "to_user_id", "until")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    to_user_id: str
    until: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., to_user_id: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetDelegationRequest(_message.Message):
    __slots__ = ("to_user_id", "until")
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    to_user_id: str
    until: _timestamp_pb2.Timestamp
    def __init__(self, to_user_id: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetDelegationRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestSignatureRequest(_message.Message):
    __slots__ = ("contract_id", "signer_name", "signer_phone", "idempotency_key")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNER_PHONE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    signer_name: str
    signer_phone: str
    idempotency_key: str
    def __init__(self, contract_id: _Optional[str] = ..., signer_name: _Optional[str] = ..., signer_phone: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class SignatureInvite(_message.Message):
    __slots__ = ("request_id", "contract_id", "token", "expires_at", "signer_phone", "demo_code")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SIGNER_PHONE_FIELD_NUMBER: _ClassVar[int]
    DEMO_CODE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    contract_id: str
    token: str
    expires_at: _timestamp_pb2.Timestamp
    signer_phone: str
    demo_code: str
    def __init__(self, request_id: _Optional[str] = ..., contract_id: _Optional[str] = ..., token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signer_phone: _Optional[str] = ..., demo_code: _Optional[str] = ...) -> None: ...

class SigningTokenRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class SigningDocument(_message.Message):
    __slots__ = ("contract_id", "version", "document", "document_sha256", "account_name", "signer_name", "expires_at", "attempts_left")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_LEFT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    version: int
    document: str
    document_sha256: str
    account_name: str
    signer_name: str
    expires_at: _timestamp_pb2.Timestamp
    attempts_left: int
    def __init__(self, contract_id: _Optional[str] = ..., version: _Optional[int] = ..., document: _Optional[str] = ..., document_sha256: _Optional[str] = ..., account_name: _Optional[str] = ..., signer_name: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attempts_left: _Optional[int] = ...) -> None: ...

class SignRequest(_message.Message):
    __slots__ = ("token", "code", "signer_name", "ip", "user_agent")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    token: str
    code: str
    signer_name: str
    ip: str
    user_agent: str
    def __init__(self, token: _Optional[str] = ..., code: _Optional[str] = ..., signer_name: _Optional[str] = ..., ip: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...

class SignatureReceipt(_message.Message):
    __slots__ = ("contract_id", "document_sha256", "signed_at", "signer_name")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    document_sha256: str
    signed_at: _timestamp_pb2.Timestamp
    signer_name: str
    def __init__(self, contract_id: _Optional[str] = ..., document_sha256: _Optional[str] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signer_name: _Optional[str] = ...) -> None: ...

class VerifyContractRequest(_message.Message):
    __slots__ = ("contract_id",)
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    def __init__(self, contract_id: _Optional[str] = ...) -> None: ...

class Verification(_message.Message):
    __slots__ = ("contract_id", "signed", "unchanged", "signed_sha256", "current_sha256", "signed_at", "signer_name", "ip", "user_agent")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    SIGNED_SHA256_FIELD_NUMBER: _ClassVar[int]
    CURRENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    IP_FIELD_NUMBER: _ClassVar[int]
    USER_AGENT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    signed: bool
    unchanged: bool
    signed_sha256: str
    current_sha256: str
    signed_at: _timestamp_pb2.Timestamp
    signer_name: str
    ip: str
    user_agent: str
    def __init__(self, contract_id: _Optional[str] = ..., signed: _Optional[bool] = ..., unchanged: _Optional[bool] = ..., signed_sha256: _Optional[str] = ..., current_sha256: _Optional[str] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., signer_name: _Optional[str] = ..., ip: _Optional[str] = ..., user_agent: _Optional[str] = ...) -> None: ...
