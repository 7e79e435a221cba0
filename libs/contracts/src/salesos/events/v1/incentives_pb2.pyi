import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SurveyIssued(_message.Message):
    __slots__ = ("survey_id", "link", "subject_type", "subject_id", "rep_id", "contact_phone", "contact_email", "expires_at")
    SURVEY_ID_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    REP_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_EMAIL_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    survey_id: str
    link: str
    subject_type: str
    subject_id: str
    rep_id: str
    contact_phone: str
    contact_email: str
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, survey_id: _Optional[str] = ..., link: _Optional[str] = ..., subject_type: _Optional[str] = ..., subject_id: _Optional[str] = ..., rep_id: _Optional[str] = ..., contact_phone: _Optional[str] = ..., contact_email: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SurveyAnswered(_message.Message):
    __slots__ = ("survey_id", "rep_id", "score", "comment", "answered_at", "subject_type", "subject_id")
    SURVEY_ID_FIELD_NUMBER: _ClassVar[int]
    REP_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    survey_id: str
    rep_id: str
    score: int
    comment: str
    answered_at: _timestamp_pb2.Timestamp
    subject_type: str
    subject_id: str
    def __init__(self, survey_id: _Optional[str] = ..., rep_id: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subject_type: _Optional[str] = ..., subject_id: _Optional[str] = ...) -> None: ...

class RewardGranted(_message.Message):
    __slots__ = ("reward_id", "user_id", "kind", "label", "amount_fen", "granted_at")
    REWARD_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    reward_id: str
    user_id: str
    kind: str
    label: str
    amount_fen: int
    granted_at: _timestamp_pb2.Timestamp
    def __init__(self, reward_id: _Optional[str] = ..., user_id: _Optional[str] = ..., kind: _Optional[str] = ..., label: _Optional[str] = ..., amount_fen: _Optional[int] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
