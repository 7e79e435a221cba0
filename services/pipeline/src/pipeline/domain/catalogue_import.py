"""A whole catalogue file checked against itself and the catalogue, before anything is
written: every bad row is reported (not only the first), so an admin fixes the workbook
once. Pure; no I/O.

A row's `fits` may name a main product defined further down the same file. A row with no
`active` keeps an existing product's state (a new one is active): only an explicit 否
retires, and products the file does not name are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.domain.catalogue import KIND_LABELS, KINDS, PRODUCT, Product, clean_code, validated
from pipeline.domain.errors import InvalidField

MAX_ROWS = 5000
_KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()} | {k: k for k in KINDS}
# The domain's field names as the file's columns know them.
_FIELDS = {"list_price_fen": "list_price"}


@dataclass(frozen=True)
class ImportRow:
    row: int
    code: str
    kind: str
    name: str
    list_price_fen: int
    unit: str = ""
    fits: tuple[str, ...] = ()
    active: bool | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportPlan:
    writes: list[Product]          # created and updated, in file order
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def plan(rows: list[ImportRow], known: dict[str, Product]
         ) -> tuple[ImportPlan | None, list[RowError]]:
    """What importing `rows` into the catalogue `known` writes, or every reason it cannot."""
    errors: list[RowError] = []
    drafts = _drafts(rows, known, errors)
    after = known | {p.code: p for _, p in drafts}  # later rows count for `fits`
    checked: list[tuple[ImportRow, Product]] = []
    for row, draft in drafts:
        try:
            checked.append((row, validated(draft, known=after)))
        except InvalidField as bad:
            field = _FIELDS.get(bad.field, bad.field.split(".")[0])
            errors.append(RowError(row.row, field, bad.message))
    final = known | {p.code: p for _, p in checked}
    errors += _stranded(checked, known, final)
    if errors:
        return None, sorted(errors, key=lambda e: e.row)
    result = ImportPlan(writes=[])
    for _, product in checked:
        if known.get(product.code) == product:
            result.unchanged += 1
            continue
        result.writes.append(product)
        result.created += product.code not in known
        result.updated += product.code in known
    return result, []


def _drafts(rows: list[ImportRow], known: dict[str, Product],
            errors: list[RowError]) -> list[tuple[ImportRow, Product]]:
    """Each row's product with its code cleaned and its kind named, or its errors."""
    first_row: dict[str, int] = {}
    drafts = []
    for row in rows:
        try:
            code = clean_code(row.code)
        except InvalidField as bad:
            errors.append(RowError(row.row, "code", bad.message))
            continue
        if code in first_row:
            errors.append(RowError(row.row, "code",
                                   f"产品编码 {code} 与第 {first_row[code]} 行重复"))
            continue
        first_row[code] = row.row
        kind = _KIND_BY_LABEL.get(row.kind.strip().lower() if row.kind.isascii()
                                  else row.kind.strip())
        current = known.get(code)
        if kind is None:
            errors.append(RowError(row.row, "kind", "类型须为 " + "、".join(KIND_LABELS.values())))
            continue
        if current is not None and current.kind != kind:
            errors.append(RowError(row.row, "kind", f"产品类型不能修改（目录中为"
                                                    f"{KIND_LABELS[current.kind]}），请新建产品"))
            continue
        active = row.active if row.active is not None else (
            current.active if current is not None else True)
        drafts.append((row, Product(code, kind, row.name, row.list_price_fen, row.unit,
                                    row.fits, active)))
    return drafts


def _stranded(checked: list[tuple[ImportRow, Product]], known: dict[str, Product],
              final: dict[str, Product]) -> list[RowError]:
    """Rows retiring a main product that active extras (of the file or the catalogue)
    still fit after the import. A product already retired stays importable as it is."""
    where = {p.code: row.row for row, p in checked}
    errors = []
    for row, product in checked:
        was = known.get(product.code)
        if product.kind != PRODUCT or product.active or (was is not None and not was.active):
            continue
        fitting = sorted(p.code for p in final.values()
                         if p.active and product.code in p.fits)
        if fitting:
            named = "、".join(f"{c}（第 {where[c]} 行）" if c in where else c
                             for c in fitting[:5])
            more = f" 等 {len(fitting)} 个" if len(fitting) > 5 else ""
            errors.append(RowError(row.row, "active",
                                   f"仍有在售的产品适配 {product.code}：{named}{more}，"
                                   "请一并停售或调整其适配产品"))
    return errors

