"""Admins edit the ordered assignment rules. Every target must name active reps and real
regions, checked with the org directory before anything is written."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import asdict, replace
from typing import TypeVar

import grpc
from servicekit.auth import Principal
from servicekit.errors import (
    FieldError,
    NotFound,
    PermissionDenied,
    ServiceError,
    TransientError,
)
from servicekit.idempotency import fingerprint
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from leads.adapters import idempotency, rules_repo
from leads.domain.assignment_access import may_edit_rules
from leads.domain.import_rows import SOURCE as IMPORT
from leads.domain.normalise import InvalidField
from leads.domain.rules import PERSON, REGION, Rule, reordered, validated
from leads.domain.scoring import MANUAL
from leads.service_layer.handlers import SOURCE, Deps

T = TypeVar("T")


class DirectoryUnavailable(ServiceError, TransientError):
    """The org directory could not answer now (a rule's people, a manager's people, a
    province's region): try again shortly. Transient, so a unit of work it leaves says
    so rather than calling it the database's outage."""

    code = grpc.StatusCode.UNAVAILABLE


def _admin(principal: Principal) -> None:
    if not may_edit_rules(principal.role):
        raise PermissionDenied("只有管理员可以查看和修改分配规则")


async def _checked(rule: Rule, deps: Deps) -> Rule:
    try:
        rule = validated(rule)
    except InvalidField as error:
        raise FieldError.of(error) from error
    try:
        if rule.target_user_ids:
            reps = {c.user_id for c in await deps.org.reps_among(rule.target_user_ids)}
            if set(rule.target_user_ids) - reps:  # perhaps hired a moment ago
                reps = {c.user_id for c in await deps.org.reps_among(rule.target_user_ids,
                                                                     fresh=True)}
            unknown = [u for u in rule.target_user_ids if u not in reps]
            if unknown:
                field = "target.user_id" if rule.target_kind == PERSON else "target.user_ids"
                raise FieldError(field, f"不是在岗销售：{', '.join(unknown)}")
        named = {*rule.region_ids, *([rule.target_region_id] if rule.target_kind == REGION
                                      else [])}
        regions = await deps.org.region_ids() if named else set()
        if named - regions:  # not in the cached list: perhaps opened a moment ago
            regions = await deps.org.region_ids(fresh=True)
        sources = await deps.org.intake_sources() if rule.sources else {}
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    await _known_sources(rule.sources, sources, deps)
    if any(r not in regions for r in rule.region_ids):
        raise FieldError("match.region_ids", "区域不存在")
    if rule.target_kind == REGION and rule.target_region_id not in regions:
        raise FieldError("target.region_id", "区域不存在")
    return rule


async def _known_sources(named: tuple[str, ...], intake: dict[str, str], deps: Deps) -> None:
    """A rule naming a misspelt source would never match, silently. Known: the gateway's
    intake sources, manual entry, the import, and any source a stored lead carries (a
    partner's own, sent over gRPC, is registered nowhere else)."""
    known = {**intake, MANUAL: "手工录入", IMPORT: "批量导入"}
    unknown = [s for s in named if s not in known]
    if unknown:
        async with deps.sessions() as session:
            unknown = [s for s in unknown if s not in await rules_repo.sources_in_use(
                session, sources=unknown)]
    if unknown:
        offered = "、".join(f"{shown}（{name}）" for name, shown in sorted(known.items()))
        raise FieldError("match.sources", f"来源不存在：{'、'.join(unknown)}；可用：{offered}")


async def _saved(write: Awaitable[T], rule: Rule) -> T:
    try:
        return await write
    except rules_repo.NameTaken as error:
        raise FieldError("name", f"已有同名规则：{rule.name}") from error


async def list_rules(principal: Principal, deps: Deps) -> list[Rule]:
    _admin(principal)
    async with deps.sessions() as session:
        return await rules_repo.all_rules(session)


async def create_rule(rule: Rule, principal: Principal, deps: Deps, *,
                      idempotency_key: str = "") -> Rule:
    """Appends a rule after the last; the same Idempotency-Key returns the same rule."""
    _admin(principal)
    rule = await _checked(replace(rule, id=str(uuid7())), deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        key = f"{principal.user_id}:rule.create:{idempotency_key}"
        seen = await idempotency.claim(  # another rule under the key is refused
            uow.session, key=key, request=fingerprint(asdict(replace(rule, id="")))
        ) if idempotency_key else None
        if seen:
            found = await rules_repo.get(uow.session, rule_id=seen.decode())
            if found is None:  # created, then deleted: the key still means that rule
                raise NotFound("规则已被删除")
            return found
        saved = await _saved(rules_repo.add(uow.session, rule=rule), rule)
        if idempotency_key:
            await idempotency.remember(uow.session, key=key, reply=saved.id.encode())
        await uow.commit()
    return saved


async def update_rule(rule: Rule, principal: Principal, deps: Deps) -> Rule:
    _admin(principal)
    rule = await _checked(rule, deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if await rules_repo.get(uow.session, rule_id=rule.id, for_update=True) is None:
            raise NotFound("规则不存在")
        saved = await _saved(rules_repo.replace(uow.session, rule=rule), rule)
        await uow.commit()
    assert saved is not None
    return saved


async def delete_rule(rule_id: str, principal: Principal, deps: Deps) -> None:
    """Deleting twice is fine (PUT/DELETE are idempotent): the second finds nothing."""
    _admin(principal)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await rules_repo.remove(uow.session, rule_id=rule_id)
        await uow.commit()


async def reorder_rules(rule_ids: list[str], principal: Principal, deps: Deps) -> list[Rule]:
    _admin(principal)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        current = await rules_repo.all_rules(uow.session, for_update=True)
        try:
            order = reordered([r.id for r in current], rule_ids)
        except InvalidField as error:
            raise FieldError.of(error) from error
        await rules_repo.set_order(uow.session, rule_ids=order)
        await uow.commit()
    async with deps.sessions() as session:
        return await rules_repo.all_rules(session)
