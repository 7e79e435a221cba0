"""The product catalogue: machines (`product`), the options and add-ons that fit them, and
service packages. Prices are integer fen. Pure; no I/O.

An option or add-on names the products it fits (`fits`); a quote may carry it only beside
one of them. A service package fits everything unless it names products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.domain.errors import InvalidField

PRODUCT, OPTION, ADDON, SERVICE = "product", "option", "addon", "service"
KINDS = (PRODUCT, OPTION, ADDON, SERVICE)
KIND_LABELS = {PRODUCT: "主机产品", OPTION: "选配", ADDON: "附加设备", SERVICE: "服务包"}
EXTRAS = (OPTION, ADDON, SERVICE)  # what recommendations suggest: never a second machine
MAX_PRICE_FEN = 10**12            # 100 亿元: more is a typo
MAX_NAME, MAX_UNIT, MAX_FITS = 60, 10, 50
_CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,31}$")


@dataclass(frozen=True)
class Product:
    code: str
    kind: str
    name: str
    list_price_fen: int
    unit: str = "台"
    fits: tuple[str, ...] = ()
    active: bool = True

    def fits_any(self, codes: set[str]) -> bool:
        """May sit in a quote holding the products `codes`."""
        return self.kind == PRODUCT or not self.fits or bool(codes & set(self.fits))


def clean_code(code: str, field: str = "code") -> str:
    value = code.strip().upper()
    if not _CODE.match(value):
        raise InvalidField(field, "编码须为大写字母开头的 A-Z、0-9 或 -，2 到 32 位")
    return value


def validated(product: Product, *, known: dict[str, Product]) -> Product:
    """`product` checked against the catalogue `known` (code → product): the kind, a name,
    a price within bounds, and `fits` naming existing main products only."""
    code = clean_code(product.code)
    if product.kind not in KINDS:
        raise InvalidField("kind", "类型须为 " + "、".join(KINDS))
    name = " ".join(product.name.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidField("name", f"名称不能为空且不超过 {MAX_NAME} 个字符")
    if not 0 <= product.list_price_fen <= MAX_PRICE_FEN:
        raise InvalidField("list_price_fen", "价格须为 0 到 100 亿元之间的整数分")
    unit = " ".join(product.unit.split()) or "台"
    if len(unit) > MAX_UNIT:
        raise InvalidField("unit", f"单位不超过 {MAX_UNIT} 个字符")
    if product.kind == PRODUCT and product.fits:
        raise InvalidField("fits", "主机产品不需要适配其他产品")
    if len(product.fits) > MAX_FITS:
        raise InvalidField("fits", f"最多适配 {MAX_FITS} 个产品")
    fits = tuple(dict.fromkeys(clean_code(c, f"fits.{i}") for i, c in enumerate(product.fits)))
    for i, target in enumerate(fits):
        if target not in known or known[target].kind != PRODUCT:
            raise InvalidField(f"fits.{i}", f"{target} 不是目录中的主机产品")
    return Product(code, product.kind, name, product.list_price_fen, unit, fits,
                   product.active)
