"""The built-in signature: a one-time link and a 6-digit code for the customer's signer,
the exact document they sign, and its SHA-256.

Only digests of the link token and the code are stored, so a database reader cannot
sign. A request allows MAX_ATTEMPTS wrong codes, then it is locked; it expires after
VALID_FOR; it signs once. The document is a deterministic rendering of one contract
version, so re-rendering it later and comparing hashes shows whether anything the
customer signed has changed. Pure; no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.domain.contract_terms import Terms, yuan
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import QuoteLine

MAX_ATTEMPTS = 5
VALID_FOR = timedelta(days=7)
OPEN, SIGNED, LOCKED = "open", "signed", "locked"


class WrongCode(Exception):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"验证码错误，还可尝试 {attempts_left} 次")
        self.attempts_left = attempts_left


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def code_digest(request_id: str, code: str) -> str:
    # Salted with the request id: equal codes of two requests have different digests.
    return sha256(f"{request_id}:{code}")


@dataclass
class SignatureRequest:
    id: str
    contract_id: str
    version: int
    token_sha256: str
    code_sha256: str
    signer_name: str
    signer_phone: str
    expires_at: datetime
    attempts: int = 0
    status: str = OPEN

    @property
    def attempts_left(self) -> int:
        return max(MAX_ATTEMPTS - self.attempts, 0)

    def usable(self, now: datetime) -> None:
        """TransitionRefused when the link can no longer be used."""
        if self.status == SIGNED:
            raise TransitionRefused("该签署链接已使用")
        if self.status == LOCKED or self.attempts >= MAX_ATTEMPTS:
            raise TransitionRefused("验证码错误次数过多，签署链接已锁定，请联系销售重新发起")
        if self.status != OPEN:
            raise TransitionRefused("该签署链接已失效，请使用最新的签署链接")
        if now >= self.expires_at:
            raise TransitionRefused("签署链接已过期，请联系销售重新发起")

    def check_signer(self, name: str) -> None:
        """The invited signer signs, not whoever holds the phone: the name typed must be
        the one the seller invited (checked before the code, so it costs no attempt) -
        the same name, however the signer's keyboard writes it (`same_name`)."""
        if not same_name(name, self.signer_name):
            raise InvalidField("signer_name", f"签署人须为受邀签署人本人（{self.signer_name}）")

    def check_code(self, code: str, now: datetime) -> None:
        """Counts a wrong code (WrongCode) and locks after the last attempt."""
        self.usable(now)
        # A Chinese IME in full-width mode types ４９３０２７: the same code (NFKC). Other
        # scripts' digits pass isdigit() but are no code we send: a format error, no attempt.
        code = unicodedata.normalize("NFKC", code).strip()
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise InvalidField("code", "请输入 6 位数字验证码")
        if not hmac.compare_digest(code_digest(self.id, code), self.code_sha256):
            self.attempts += 1
            if self.attempts >= MAX_ATTEMPTS:
                self.status = LOCKED
            raise WrongCode(self.attempts_left)
        self.status = SIGNED


# The middle dot of transliterated names (阿卜杜拉·买买提) as keyboards and IMEs type it.
_DOTS = str.maketrans(dict.fromkeys("•・‧∙⋅.", "·"))


def same_name(typed: str, invited: str) -> bool:
    """Whether two spellings name the same person: spaces (王 建国), full-width letters,
    case and the form of the middle dot do not tell people apart."""
    def key(name: str) -> str:
        folded = unicodedata.normalize("NFKC", name).casefold().translate(_DOTS)
        return "".join(folded.split())
    return key(typed) == key(invited)


def signer_name(value: str) -> str:
    name = " ".join(value.split())
    if not name or len(name) > 50:
        raise InvalidField("signer_name", "请填写签署人姓名（不超过 50 个字符）")
    return name


ITEMISED = "产品明细："  # the layout since products are listed by name and quantity


def render(*, contract_id: str, version: int, account_name: str, title: str,
           product_codes: tuple[str, ...], terms: Terms,
           items: tuple[QuoteLine, ...] | None = None, number: str = "") -> str:
    """The exact text the customer reads and signs; nothing time-dependent in it. With
    `items` (the quote's lines) each product is listed by name, code and quantity;
    without, the first layout's line of product codes and the contract's id for its
    number — kept, so a document signed in that layout still renders exactly as signed
    (`itemised`)."""
    products = [f"产品：{'、'.join(product_codes) or '见报价单'}"] if items is None else [
        ITEMISED, *(f"  {n}. {i.product_name}（{i.product_code}）× {i.quantity} {i.unit}"
                    for n, i in enumerate(items, 1))]
    lines = [
        "工业设备买卖合同",
        f"合同编号：{contract_id if items is None else number}",
        f"版本：第 {version} 版",
        f"买方：{account_name}",
        f"项目：{title}",
        *products,
        f"合同价格：{yuan(terms.price_fen)}（人民币，含税）",
        f"付款条件：{terms.payment_terms}",
        f"交货日期：{terms.delivery_date.isoformat()}",
        f"质保期：{terms.warranty_months} 个月",
        f"违约条款：{terms.penalties}",
    ]
    return "\n".join(lines) + "\n"


def itemised(document: str) -> bool:
    """Whether a stored document was rendered with the products itemised."""
    return f"\n{ITEMISED}\n" in document
