"""Quote lines, totals and discount limits, all in integer fen. Pure; no I/O.

Rounding rule (the only one): a line is unit price × quantity, exact; the subtotal is the
sum of the lines; the discount is subtotal × discount_bp / 10 000 rounded half up to the
fen; the total is subtotal − discount. No floats anywhere.

Discount limits are data (table `discount_limits`, role → basis points; default rep 5 %,
manager 15 %, director 30 %). A quote within its author's limit needs nobody; above it,
the lowest approving role whose limit covers it must approve; above every approver's
limit it is refused (`discount_bp`), since nobody could ever issue it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from pipeline.domain.catalogue import PRODUCT, Product
from pipeline.domain.errors import InvalidField

MAX_LINES, MAX_QUANTITY, FULL_BP = 50, 9_999, 10_000
APPROVER_ROLES = ("manager", "director")  # who may approve a discount, lowest first
DEFAULT_LIMITS = {"rep": 500, "manager": 1_500, "director": 3_000}


@dataclass(frozen=True)
class LineRequest:
    product_code: str
    quantity: int


@dataclass(frozen=True)
class QuoteLine:
    product_code: str
    product_name: str
    kind: str
    unit: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int


@dataclass(frozen=True)
class Totals:
    subtotal_fen: int
    discount_bp: int
    discount_fen: int
    total_fen: int


def discount_of(subtotal_fen: int, discount_bp: int) -> int:
    """subtotal × bp / 10 000, half up, in whole fen (integers only)."""
    return (subtotal_fen * discount_bp + FULL_BP // 2) // FULL_BP


def price_lines(requests: list[LineRequest], catalogue: dict[str, Product]
                ) -> tuple[QuoteLine, ...]:
    """Lines at today's list prices; every problem names the line's field."""
    if not requests:
        raise InvalidField("lines", "报价至少需要一行产品")
    if len(requests) > MAX_LINES:
        raise InvalidField("lines", f"报价最多 {MAX_LINES} 行")
    lines, seen = [], set()
    for i, req in enumerate(requests):
        code = req.product_code.strip().upper()
        product = catalogue.get(code)
        if product is None or not product.active:
            raise InvalidField(f"lines.{i}.product_code",
                               f"产品目录中没有在售的 {code or '（空）'}")
        if code in seen:
            raise InvalidField(f"lines.{i}.product_code", f"{code} 重复，请合并数量")
        if not 1 <= req.quantity <= MAX_QUANTITY:
            raise InvalidField(f"lines.{i}.quantity", f"数量须为 1 到 {MAX_QUANTITY} 的整数")
        seen.add(code)
        lines.append(QuoteLine(code, product.name, product.kind, product.unit, req.quantity,
                               product.list_price_fen, product.list_price_fen * req.quantity))
    machines = {line.product_code for line in lines if line.kind == PRODUCT}
    for i, line in enumerate(lines):
        if not catalogue[line.product_code].fits_any(machines):
            fits = "、".join(catalogue[line.product_code].fits)
            raise InvalidField(f"lines.{i}.product_code",
                               f"{line.product_name}须与适配的主机产品（{fits}）一同报价")
    return tuple(lines)


def totals_of(lines: tuple[QuoteLine, ...], discount_bp: int) -> Totals:
    if not 0 <= discount_bp <= FULL_BP:
        raise InvalidField("discount_bp", "折扣须为 0 到 10000 个基点（0%–100%）")
    subtotal = sum(line.line_total_fen for line in lines)
    discount = discount_of(subtotal, discount_bp)
    return Totals(subtotal, discount_bp, discount, subtotal - discount)


def approver_needed(discount_bp: int, *, author_role: str, limits: dict[str, int]) -> str:
    """'' when the author's own limit covers the discount, else the lowest role that may
    approve it; InvalidField(`discount_bp`) when no role may."""
    if discount_bp <= limits.get(author_role, 0):
        return ""
    for role in APPROVER_ROLES:
        if discount_bp <= limits.get(role, 0):
            return role
    ceiling = max((limits.get(r, 0) for r in APPROVER_ROLES), default=0)
    raise InvalidField("discount_bp", f"折扣 {percent(discount_bp)} 超过最高审批权限 "
                                      f"{percent(ceiling)}，无法报价")


ROLE_LABELS = {"rep": "销售", "manager": "经理", "director": "总监"}


def merged_limits(changes: list[tuple[str, int]], current: dict[str, int]) -> dict[str, int]:
    """The limits after an admin's change (roles not named keep theirs): each role once,
    and rep ≤ manager ≤ director, since above a rep's limit the manager approves and above
    a manager's the director. InvalidField names the entry to fix."""
    index: dict[str, int] = {}
    for i, (role, _) in enumerate(changes):
        if role in index:
            raise InvalidField(f"limits.{i}.role", f"角色 {role} 重复")
        index[role] = i
    limits = current | dict(changes)
    ranked = ("rep", *APPROVER_ROLES)
    for low, high in pairwise(ranked):
        if low in limits and high in limits and limits[low] > limits[high]:
            blamed = high if high in index else low
            raise InvalidField(f"limits.{index[blamed]}.max_bp",
                               f"{ROLE_LABELS[low]}的折扣上限 {percent(limits[low])} 不能高于"
                               f"{ROLE_LABELS[high]}的 {percent(limits[high])}")
    return limits


def may_approve(discount_bp: int, *, role: str, limits: dict[str, int]) -> bool:
    return role in APPROVER_ROLES and discount_bp <= limits.get(role, 0)


def percent(bp: int) -> str:
    """Basis points as a zh-CN percentage without floats: 1250 → '12.5%'."""
    whole, rest = divmod(bp, 100)
    return f"{whole}%" if not rest else f"{whole}.{rest:02d}".rstrip("0") + "%"


def yuan(fen: int) -> str:
    """Fen as 元 with two decimals and thousands separators: 123456 → '1,234.56'."""
    sign, fen = ("-", -fen) if fen < 0 else ("", fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"
