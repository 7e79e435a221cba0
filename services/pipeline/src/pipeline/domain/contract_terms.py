"""A contract's key terms, their validation and the clause-by-clause comparison of two
versions (zh-CN labels). Pure; no I/O.

The price is in integer fen and defaults to the accepted quote's total; a negotiated
price is a new version of the terms like any other clause, so the diff shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.domain.days import iso_day
from pipeline.domain.errors import InvalidField

MAX_PAYMENT, MAX_PENALTIES, MAX_WARRANTY_MONTHS = 500, 1000, 120
MAX_PRICE_FEN = 10**14


@dataclass(frozen=True)
class Terms:
    payment_terms: str
    delivery_date: date
    warranty_months: int
    penalties: str
    price_fen: int

    def to_dict(self) -> dict[str, object]:
        return {"payment_terms": self.payment_terms,
                "delivery_date": self.delivery_date.isoformat(),
                "warranty_months": self.warranty_months, "penalties": self.penalties,
                "price_fen": self.price_fen}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> Terms:
        return cls(str(raw["payment_terms"]), date.fromisoformat(str(raw["delivery_date"])),
                   int(raw["warranty_months"]), str(raw["penalties"]),  # type: ignore[call-overload]
                   int(raw["price_fen"]))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ClauseChange:
    clause: str
    label: str
    old_value: str
    new_value: str
    old_text: str
    new_text: str


def yuan(fen: int) -> str:
    """¥1,234,567.89 — how finance reads an amount."""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


# clause code, zh-CN label, raw value, display text
_CLAUSES = (
    ("payment_terms", "付款条件", lambda t: t.payment_terms, lambda t: t.payment_terms),
    ("delivery_date", "交货日期", lambda t: t.delivery_date.isoformat(),
     lambda t: f"{t.delivery_date.year}年{t.delivery_date.month}月{t.delivery_date.day}日"),
    ("warranty", "质保期", lambda t: str(t.warranty_months), lambda t: f"{t.warranty_months} 个月"),
    ("penalties", "违约条款", lambda t: t.penalties, lambda t: t.penalties),
    ("price", "合同价格", lambda t: str(t.price_fen), lambda t: yuan(t.price_fen)),
)
CLAUSE_LABELS = {code: label for code, label, _, _ in _CLAUSES}


def diff(old: Terms, new: Terms) -> list[ClauseChange]:
    """The clauses whose values differ, in the order a contract lists them."""
    return [ClauseChange(code, label, raw(old), raw(new), text(old), text(new))
            for code, label, raw, text in _CLAUSES if raw(old) != raw(new)]


def validated(*, payment_terms: str, delivery_date: str, warranty_months: int,
              penalties: str, price_fen: int, today: date) -> Terms:
    """Terms as a user typed them, checked field by field (InvalidField names the
    field, in the request's `terms.<name>` path)."""
    payment = _text(payment_terms, "payment_terms", MAX_PAYMENT)
    delivery = iso_day(delivery_date, "delivery_date", label="交货日期")
    if delivery < today:
        raise InvalidField("delivery_date", "交货日期不能早于今天")
    if not 0 <= warranty_months <= MAX_WARRANTY_MONTHS:
        raise InvalidField("warranty_months",
                           f"质保期应在 0 到 {MAX_WARRANTY_MONTHS} 个月之间")
    penalty = _text(penalties, "penalties", MAX_PENALTIES)
    if not 0 < price_fen <= MAX_PRICE_FEN:
        raise InvalidField("price_fen", "合同价格必须大于 0（单位：分）")
    return Terms(payment, delivery, warranty_months, penalty, price_fen)


def _text(value: str, field: str, limit: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise InvalidField(field, "必填")
    if len(text) > limit:
        raise InvalidField(field, f"不能超过 {limit} 个字符")
    return text
