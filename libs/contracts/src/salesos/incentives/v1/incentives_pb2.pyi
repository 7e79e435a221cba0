import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Kpi(_message.Message):
    __slots__ = ("id", "role", "label", "weight_pct", "target", "unit", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    role: str
    label: str
    weight_pct: int
    target: int
    unit: str
    kind: str
    def __init__(self, id: _Optional[str] = ..., role: _Optional[str] = ..., label: _Optional[str] = ..., weight_pct: _Optional[int] = ..., target: _Optional[int] = ..., unit: _Optional[str] = ..., kind: _Optional[str] = ...) -> None: ...

class KpiSet(_message.Message):
    __slots__ = ("version", "effective_from", "kpis", "created_at", "created_by", "pending_version", "pending_effective_from")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    KPIS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    PENDING_VERSION_FIELD_NUMBER: _ClassVar[int]
    PENDING_EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    version: int
    effective_from: str
    kpis: _containers.RepeatedCompositeFieldContainer[Kpi]
    created_at: _timestamp_pb2.Timestamp
    created_by: str
    pending_version: int
    pending_effective_from: str
    def __init__(self, version: _Optional[int] = ..., effective_from: _Optional[str] = ..., kpis: _Optional[_Iterable[_Union[Kpi, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., pending_version: _Optional[int] = ..., pending_effective_from: _Optional[str] = ...) -> None: ...

class ListKpisRequest(_message.Message):
    __slots__ = ("on",)
    ON_FIELD_NUMBER: _ClassVar[int]
    on: str
    def __init__(self, on: _Optional[str] = ...) -> None: ...

class PutKpiRequest(_message.Message):
    __slots__ = ("id", "weight_pct", "target", "label", "other_weights")
    class OtherWeightsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OTHER_WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    weight_pct: int
    target: int
    label: str
    other_weights: _containers.ScalarMap[str, int]
    def __init__(self, id: _Optional[str] = ..., weight_pct: _Optional[int] = ..., target: _Optional[int] = ..., label: _Optional[str] = ..., other_weights: _Optional[_Mapping[str, int]] = ...) -> None: ...

class Contribution(_message.Message):
    __slots__ = ("event_id", "event_type", "kpi_id", "subject_id", "occurred_at", "ok", "value", "note")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    KPI_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    OK_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    event_type: str
    kpi_id: str
    subject_id: str
    occurred_at: _timestamp_pb2.Timestamp
    ok: bool
    value: int
    note: str
    def __init__(self, event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., kpi_id: _Optional[str] = ..., subject_id: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ok: _Optional[bool] = ..., value: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class KpiScore(_message.Message):
    __slots__ = ("kpi_id", "label", "weight_pct", "has_data", "value", "attainment", "points", "count", "value_fen", "unit")
    KPI_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_PCT_FIELD_NUMBER: _ClassVar[int]
    HAS_DATA_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    ATTAINMENT_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    VALUE_FEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    kpi_id: str
    label: str
    weight_pct: int
    has_data: bool
    value: float
    attainment: float
    points: float
    count: int
    value_fen: int
    unit: str
    def __init__(self, kpi_id: _Optional[str] = ..., label: _Optional[str] = ..., weight_pct: _Optional[int] = ..., has_data: _Optional[bool] = ..., value: _Optional[float] = ..., attainment: _Optional[float] = ..., points: _Optional[float] = ..., count: _Optional[int] = ..., value_fen: _Optional[int] = ..., unit: _Optional[str] = ...) -> None: ...

class Score(_message.Message):
    __slots__ = ("level", "unit_id", "label", "period", "score", "kpis", "members", "region_id")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    KPIS_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    level: str
    unit_id: str
    label: str
    period: str
    score: float
    kpis: _containers.RepeatedCompositeFieldContainer[KpiScore]
    members: int
    region_id: str
    def __init__(self, level: _Optional[str] = ..., unit_id: _Optional[str] = ..., label: _Optional[str] = ..., period: _Optional[str] = ..., score: _Optional[float] = ..., kpis: _Optional[_Iterable[_Union[KpiScore, _Mapping]]] = ..., members: _Optional[int] = ..., region_id: _Optional[str] = ...) -> None: ...

class ListScoresRequest(_message.Message):
    __slots__ = ("period", "level", "page_size", "page_token")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    period: str
    level: str
    page_size: int
    page_token: str
    def __init__(self, period: _Optional[str] = ..., level: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListScoresResponse(_message.Message):
    __slots__ = ("scores", "next_page_token", "kpi_version")
    SCORES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KPI_VERSION_FIELD_NUMBER: _ClassVar[int]
    scores: _containers.RepeatedCompositeFieldContainer[Score]
    next_page_token: str
    kpi_version: int
    def __init__(self, scores: _Optional[_Iterable[_Union[Score, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., kpi_version: _Optional[int] = ...) -> None: ...

class GetBreakdownRequest(_message.Message):
    __slots__ = ("user_id", "period")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    period: str
    def __init__(self, user_id: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class Breakdown(_message.Message):
    __slots__ = ("score", "contributions", "kpi_version")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    KPI_VERSION_FIELD_NUMBER: _ClassVar[int]
    score: Score
    contributions: _containers.RepeatedCompositeFieldContainer[Contribution]
    kpi_version: int
    def __init__(self, score: _Optional[_Union[Score, _Mapping]] = ..., contributions: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ..., kpi_version: _Optional[int] = ...) -> None: ...

class SubmitDailyLogRequest(_message.Message):
    __slots__ = ("text", "idempotency_key")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    text: str
    idempotency_key: str
    def __init__(self, text: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class DailyLogReply(_message.Message):
    __slots__ = ("day", "on_time", "workday", "streak", "reward", "submitted_at", "cutoff")
    DAY_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    WORKDAY_FIELD_NUMBER: _ClassVar[int]
    STREAK_FIELD_NUMBER: _ClassVar[int]
    REWARD_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    CUTOFF_FIELD_NUMBER: _ClassVar[int]
    day: str
    on_time: bool
    workday: bool
    streak: int
    reward: Reward
    submitted_at: _timestamp_pb2.Timestamp
    cutoff: str
    def __init__(self, day: _Optional[str] = ..., on_time: _Optional[bool] = ..., workday: _Optional[bool] = ..., streak: _Optional[int] = ..., reward: _Optional[_Union[Reward, _Mapping]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cutoff: _Optional[str] = ...) -> None: ...

class Reward(_message.Message):
    __slots__ = ("id", "user_id", "kind", "label", "amount_fen", "granted_at", "streak_end")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    STREAK_END_FIELD_NUMBER: _ClassVar[int]
    id: str
    user_id: str
    kind: str
    label: str
    amount_fen: int
    granted_at: _timestamp_pb2.Timestamp
    streak_end: str
    def __init__(self, id: _Optional[str] = ..., user_id: _Optional[str] = ..., kind: _Optional[str] = ..., label: _Optional[str] = ..., amount_fen: _Optional[int] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., streak_end: _Optional[str] = ...) -> None: ...

class ListRewardsRequest(_message.Message):
    __slots__ = ("user_id", "page_size", "page_token", "period")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page_size: int
    page_token: str
    period: str
    def __init__(self, user_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class ListRewardsResponse(_message.Message):
    __slots__ = ("rewards", "next_page_token")
    REWARDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    rewards: _containers.RepeatedCompositeFieldContainer[Reward]
    next_page_token: str
    def __init__(self, rewards: _Optional[_Iterable[_Union[Reward, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PayoutLine(_message.Message):
    __slots__ = ("label", "base_fen", "rate_bp", "amount_fen", "month", "month_to_date_before_fen", "month_to_date_after_fen", "commission_to_date_before_fen", "commission_to_date_after_fen")
    LABEL_FIELD_NUMBER: _ClassVar[int]
    BASE_FEN_FIELD_NUMBER: _ClassVar[int]
    RATE_BP_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    MONTH_TO_DATE_BEFORE_FEN_FIELD_NUMBER: _ClassVar[int]
    MONTH_TO_DATE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    COMMISSION_TO_DATE_BEFORE_FEN_FIELD_NUMBER: _ClassVar[int]
    COMMISSION_TO_DATE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    label: str
    base_fen: int
    rate_bp: int
    amount_fen: int
    month: str
    month_to_date_before_fen: int
    month_to_date_after_fen: int
    commission_to_date_before_fen: int
    commission_to_date_after_fen: int
    def __init__(self, label: _Optional[str] = ..., base_fen: _Optional[int] = ..., rate_bp: _Optional[int] = ..., amount_fen: _Optional[int] = ..., month: _Optional[str] = ..., month_to_date_before_fen: _Optional[int] = ..., month_to_date_after_fen: _Optional[int] = ..., commission_to_date_before_fen: _Optional[int] = ..., commission_to_date_after_fen: _Optional[int] = ...) -> None: ...

class Payout(_message.Message):
    __slots__ = ("user_id", "region_id", "period", "scheme", "signed_fen", "process_score", "points", "amount_fen", "lines", "rounding", "display_name")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    SCHEME_FIELD_NUMBER: _ClassVar[int]
    SIGNED_FEN_FIELD_NUMBER: _ClassVar[int]
    PROCESS_SCORE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ROUNDING_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    region_id: str
    period: str
    scheme: str
    signed_fen: int
    process_score: float
    points: int
    amount_fen: int
    lines: _containers.RepeatedCompositeFieldContainer[PayoutLine]
    rounding: str
    display_name: str
    def __init__(self, user_id: _Optional[str] = ..., region_id: _Optional[str] = ..., period: _Optional[str] = ..., scheme: _Optional[str] = ..., signed_fen: _Optional[int] = ..., process_score: _Optional[float] = ..., points: _Optional[int] = ..., amount_fen: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[PayoutLine, _Mapping]]] = ..., rounding: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class ListPayoutsRequest(_message.Message):
    __slots__ = ("period", "page_size", "page_token")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    period: str
    page_size: int
    page_token: str
    def __init__(self, period: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPayoutsResponse(_message.Message):
    __slots__ = ("payouts", "next_page_token")
    PAYOUTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payouts: _containers.RepeatedCompositeFieldContainer[Payout]
    next_page_token: str
    def __init__(self, payouts: _Optional[_Iterable[_Union[Payout, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ArmUnit(_message.Message):
    __slots__ = ("unit_id", "arm", "region_id")
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    ARM_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    unit_id: str
    arm: str
    region_id: str
    def __init__(self, unit_id: _Optional[str] = ..., arm: _Optional[str] = ..., region_id: _Optional[str] = ...) -> None: ...

class Experiment(_message.Message):
    __slots__ = ("id", "name", "unit", "seed", "starts_on", "ends_on", "status", "units", "created_at", "created_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    unit: str
    seed: int
    starts_on: str
    ends_on: str
    status: str
    units: _containers.RepeatedCompositeFieldContainer[ArmUnit]
    created_at: _timestamp_pb2.Timestamp
    created_by: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., unit: _Optional[str] = ..., seed: _Optional[int] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ..., status: _Optional[str] = ..., units: _Optional[_Iterable[_Union[ArmUnit, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ...) -> None: ...

class CreateExperimentRequest(_message.Message):
    __slots__ = ("name", "unit", "seed", "starts_on", "ends_on", "unit_ids", "idempotency_key", "arm_a", "arm_b")
    NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    UNIT_IDS_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ARM_A_FIELD_NUMBER: _ClassVar[int]
    ARM_B_FIELD_NUMBER: _ClassVar[int]
    name: str
    unit: str
    seed: int
    starts_on: str
    ends_on: str
    unit_ids: _containers.RepeatedScalarFieldContainer[str]
    idempotency_key: str
    arm_a: _containers.RepeatedScalarFieldContainer[str]
    arm_b: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., unit: _Optional[str] = ..., seed: _Optional[int] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ..., unit_ids: _Optional[_Iterable[str]] = ..., idempotency_key: _Optional[str] = ..., arm_a: _Optional[_Iterable[str]] = ..., arm_b: _Optional[_Iterable[str]] = ...) -> None: ...

class ListExperimentsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListExperimentsResponse(_message.Message):
    __slots__ = ("experiments", "next_page_token")
    EXPERIMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    experiments: _containers.RepeatedCompositeFieldContainer[Experiment]
    next_page_token: str
    def __init__(self, experiments: _Optional[_Iterable[_Union[Experiment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetExperimentResultsRequest(_message.Message):
    __slots__ = ("experiment_id",)
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    experiment_id: str
    def __init__(self, experiment_id: _Optional[str] = ...) -> None: ...

class MetricResult(_message.Message):
    __slots__ = ("metric", "label", "arm_a", "arm_b", "difference", "ci_low", "ci_high", "p_value", "test", "verdict", "n_a", "n_b", "sufficient")
    METRIC_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    ARM_A_FIELD_NUMBER: _ClassVar[int]
    ARM_B_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    CI_LOW_FIELD_NUMBER: _ClassVar[int]
    CI_HIGH_FIELD_NUMBER: _ClassVar[int]
    P_VALUE_FIELD_NUMBER: _ClassVar[int]
    TEST_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    N_A_FIELD_NUMBER: _ClassVar[int]
    N_B_FIELD_NUMBER: _ClassVar[int]
    SUFFICIENT_FIELD_NUMBER: _ClassVar[int]
    metric: str
    label: str
    arm_a: float
    arm_b: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    test: str
    verdict: str
    n_a: int
    n_b: int
    sufficient: bool
    def __init__(self, metric: _Optional[str] = ..., label: _Optional[str] = ..., arm_a: _Optional[float] = ..., arm_b: _Optional[float] = ..., difference: _Optional[float] = ..., ci_low: _Optional[float] = ..., ci_high: _Optional[float] = ..., p_value: _Optional[float] = ..., test: _Optional[str] = ..., verdict: _Optional[str] = ..., n_a: _Optional[int] = ..., n_b: _Optional[int] = ..., sufficient: _Optional[bool] = ...) -> None: ...

class ExperimentResults(_message.Message):
    __slots__ = ("experiment", "metrics")
    EXPERIMENT_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    experiment: Experiment
    metrics: _containers.RepeatedCompositeFieldContainer[MetricResult]
    def __init__(self, experiment: _Optional[_Union[Experiment, _Mapping]] = ..., metrics: _Optional[_Iterable[_Union[MetricResult, _Mapping]]] = ...) -> None: ...

class Survey(_message.Message):
    __slots__ = ("id", "subject_type", "subject_id", "status", "expires_at", "score", "comment", "answered_at", "account_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    subject_type: str
    subject_id: str
    status: str
    expires_at: _timestamp_pb2.Timestamp
    score: int
    comment: str
    answered_at: _timestamp_pb2.Timestamp
    account_name: str
    def __init__(self, id: _Optional[str] = ..., subject_type: _Optional[str] = ..., subject_id: _Optional[str] = ..., status: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ...) -> None: ...

class GetSurveyRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class AnswerSurveyRequest(_message.Message):
    __slots__ = ("token", "score", "comment")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    token: str
    score: int
    comment: str
    def __init__(self, token: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ...) -> None: ...

class DemoUser(_message.Message):
    __slots__ = ("id", "role", "region_id", "manager_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    role: str
    region_id: str
    manager_id: str
    def __init__(self, id: _Optional[str] = ..., role: _Optional[str] = ..., region_id: _Optional[str] = ..., manager_id: _Optional[str] = ...) -> None: ...

class SeedDemoRequest(_message.Message):
    __slots__ = ("users", "today")
    USERS_FIELD_NUMBER: _ClassVar[int]
    TODAY_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[DemoUser]
    today: str
    def __init__(self, users: _Optional[_Iterable[_Union[DemoUser, _Mapping]]] = ..., today: _Optional[str] = ...) -> None: ...

class SeedDemoReply(_message.Message):
    __slots__ = ("facts", "already", "experiment_id")
    FACTS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_FIELD_NUMBER: _ClassVar[int]
    EXPERIMENT_ID_FIELD_NUMBER: _ClassVar[int]
    facts: int
    already: bool
    experiment_id: str
    def __init__(self, facts: _Optional[int] = ..., already: _Optional[bool] = ..., experiment_id: _Optional[str] = ...) -> None: ...
