"""The product catalogue (read by everyone, written by admins) and discount limits."""

from __future__ import annotations

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import FieldError, NotFound, PermissionDenied
from servicekit.uow import UnitOfWork

from pipeline.adapters import catalogue_repo
from pipeline.domain.catalogue import KINDS, Product, clean_code, validated
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import FULL_BP, merged_limits
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.quote_messages import product as product_reply

DEFAULT_PAGE, MAX_PAGE = 50, 200
LIMIT_ROLES = ("rep", "manager", "director", "admin")


class CodeTaken(Exception):
    """The product code exists already (→ 409)."""


def _admin(principal: Principal, what: str) -> None:
    if principal.role != "admin":
        raise PermissionDenied(f"只有管理员可以{what}")


async def list_products(request: qpb.ListProductsRequest, deps: Deps
                        ) -> qpb.ListProductsResponse:
    if not 0 <= request.page_size <= MAX_PAGE:
        raise FieldError("limit", f"每页条数应在 1 到 {MAX_PAGE} 之间")
    if request.kind and request.kind not in KINDS:  # a label or a typo is not "none"
        raise FieldError("kind", "类型须为 " + "、".join(KINDS))
    size = request.page_size or DEFAULT_PAGE
    fits = request.fits.strip().upper()
    async with deps.sessions() as session:
        found = await catalogue_repo.page(session, kind=request.kind, fits=fits,
                                          include_inactive=request.include_inactive,
                                          limit=size + 1, after=request.page_token)
    more = len(found) > size
    return qpb.ListProductsResponse(products=[product_reply(p) for p in found[:size]],
                                    next_page_token=found[size - 1].code if more else "")


async def get_product(code: str, deps: Deps) -> qpb.Product:
    async with deps.sessions() as session:
        found = await catalogue_repo.get(session, code=code.strip().upper())
    if found is None:
        raise NotFound("产品不存在")
    return product_reply(found)


async def create_product(draft: Product, principal: Principal, deps: Deps) -> qpb.Product:
    _admin(principal, "维护产品目录")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        checked = validated(draft, known=await catalogue_repo.catalogue(uow.session))
        if not await catalogue_repo.add(uow.session, checked, by=principal.user_id):
            existing = await catalogue_repo.get(uow.session, code=checked.code)
            if existing == checked:  # a retried create answers like the first
                return product_reply(existing)
            raise CodeTaken(f"产品编码 {checked.code} 已存在")
        await uow.commit()
    return product_reply(checked)


async def update_product(draft: Product, principal: Principal, deps: Deps) -> qpb.Product:
    _admin(principal, "维护产品目录")
    code = clean_code(draft.code)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        current = await catalogue_repo.get(uow.session, code=code, for_update=True)
        if current is None:
            raise NotFound("产品不存在")
        if draft.kind and draft.kind != current.kind:
            raise InvalidField("kind", "产品类型不能修改，请新建产品")
        known = await catalogue_repo.catalogue(uow.session)
        checked = validated(Product(code, current.kind, draft.name, draft.list_price_fen,
                                    draft.unit, draft.fits, draft.active), known=known)
        if current.kind == "product" and not checked.active and _fitted(code, known):
            raise TransitionRefused("仍有在售的选配或服务适配此产品，请先调整它们")
        await catalogue_repo.save(uow.session, checked, by=principal.user_id, now=deps.clock())
        await uow.commit()
    return product_reply(checked)


def _fitted(code: str, known: dict[str, Product]) -> bool:
    return any(code in p.fits and p.active and p.code != code for p in known.values())


async def get_limits(deps: Deps) -> qpb.DiscountLimits:
    async with deps.sessions() as session:
        found = await catalogue_repo.limits(session)
    return qpb.DiscountLimits(limits=[qpb.DiscountLimit(role=r, max_bp=found[r])
                                      for r in LIMIT_ROLES if r in found])


async def put_limits(request: qpb.DiscountLimits, principal: Principal,
                     deps: Deps) -> qpb.DiscountLimits:
    _admin(principal, "设置折扣权限")
    changes: list[tuple[str, int]] = []
    for i, limit in enumerate(request.limits):
        if limit.role not in LIMIT_ROLES:
            raise FieldError(f"limits.{i}.role", "角色须为 " + "、".join(LIMIT_ROLES))
        if not 0 <= limit.max_bp <= FULL_BP:
            raise FieldError(f"limits.{i}.max_bp", "折扣上限须为 0 到 10000 个基点")
        changes.append((limit.role, limit.max_bp))
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        merged_limits(changes, await catalogue_repo.limits(uow.session))  # or InvalidField
        await catalogue_repo.set_limits(uow.session, dict(changes), by=principal.user_id)
        await uow.commit()
    return await get_limits(deps)
