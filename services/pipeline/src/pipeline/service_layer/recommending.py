"""Recommendations for a deal: extras that won deals of similar customers (same industry
and scale; the industry alone when fewer than MIN_PEERS such customers won) included,
minus what the deal's current quote already has."""

from __future__ import annotations

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import FieldError

from pipeline.adapters import accounts_repo, catalogue_repo, quotes_repo, recommend_repo
from pipeline.domain.catalogue import EXTRAS, PRODUCT
from pipeline.domain.quotes import SUPERSEDED
from pipeline.domain.recommend import INDUSTRY, INDUSTRY_SCALE, MIN_PEERS, explanation, rules
from pipeline.service_layer.deps import Deps
from pipeline.service_layer.quote_messages import product as product_reply
from pipeline.service_layer.quote_reads import deal_for

DEFAULT_LIMIT, MAX_LIMIT = 5, 20


async def recommendations(request: qpb.GetRecommendationsRequest, principal: Principal,
                          deps: Deps) -> qpb.Recommendations:
    if not 0 <= request.limit <= MAX_LIMIT:
        raise FieldError("limit", f"推荐条数应在 1 到 {MAX_LIMIT} 之间")
    async with deps.sessions() as session:
        opp = await deal_for(session, request.opportunity_id, principal, org=deps.org)
        account = await accounts_repo.get(session, account_id=opp.account_id)
        assert account is not None
        answer = qpb.Recommendations(opportunity_id=opp.id, industry=account.industry,
                                     scale=account.scale)
        if not account.industry:
            return answer  # no notion of "similar" without an industry
        versions = await quotes_repo.of_opportunity(session, opportunity_id=opp.id)
        current = next((q for q in versions if q.state != SUPERSEDED), None)
        have = {line.product_code for line in current.lines} if current else set()
        catalogue = await catalogue_repo.catalogue(session)
        basis, baskets = INDUSTRY_SCALE, []
        if account.scale:
            baskets = await recommend_repo.peer_baskets(
                session, industry=account.industry, scale=account.scale,
                except_account=account.id)
        if len(baskets) < MIN_PEERS:
            basis = INDUSTRY
            baskets = await recommend_repo.peer_baskets(
                session, industry=account.industry, scale=None, except_account=account.id)
    machines = {c for c in have if c in catalogue and catalogue[c].kind == PRODUCT}
    # Without a machine quoted yet, any extra may be what the customer needs.
    candidates = {p.code for p in catalogue.values()
                  if p.active and p.kind in EXTRAS and (not machines or p.fits_any(machines))}
    found = rules(baskets, have=have, candidates=candidates)
    answer.peer_deals, answer.basis = len(baskets), basis
    for rule in found[:request.limit or DEFAULT_LIMIT]:
        extra = catalogue[rule.product_code]
        before = catalogue.get(rule.because_of)
        answer.items.append(qpb.Recommendation(
            product=product_reply(extra), confidence=rule.confidence, lift=rule.lift,
            support=rule.support, deals_with=rule.with_both, peer_deals=rule.peers,
            because_of=rule.because_of,
            explanation=explanation(rule, name=extra.name, basis=basis,
                                    antecedent_name=before.name if before else "")))
    return answer
