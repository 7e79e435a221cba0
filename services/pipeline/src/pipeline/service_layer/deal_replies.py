"""A deal as answered over gRPC/REST (its account and contacts, quotes, latest contract),
for one deal or a list page alike: each part is read once for all the deals, so a page of
50 costs a handful of statements rather than five or more per deal."""

from __future__ import annotations

from salesos.pipeline.v1 import pipeline_pb2 as pb
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import accounts_repo, contract_queries, process_repo
from pipeline.domain.model import Opportunity
from pipeline.domain.process import Process
from pipeline.service_layer import messages
from pipeline.service_layer.deps import Directory
from pipeline.service_layer.quote_reads import quotes_of_deals


async def replies(session: AsyncSession, opps: list[Opportunity], *, role: str = "",
                  org: Directory | None = None) -> list[pb.Opportunity]:
    """`role`, `org`: the caller's, so each waiting discount says who decides it."""
    processes: dict[int, Process] = {}
    for version in {o.process_version for o in opps}:  # one or two versions in practice
        found = await process_repo.get(session, version=version)
        assert found is not None
        processes[version] = found
    account_ids = {o.account_id for o in opps}
    accounts = await accounts_repo.get_many(session, account_ids=account_ids)
    people = await accounts_repo.contacts_of_many(session, account_ids=account_ids)
    quotes = await quotes_of_deals(session, opps, role, org)
    contracts = await contract_queries.latest_of_deals(
        session, opportunity_ids=[o.id for o in opps])
    answers = []
    for opp in opps:
        reply = messages.opportunity(opp, processes[opp.process_version],
                                     accounts.get(opp.account_id), people[opp.account_id])
        reply.quotes.extend(quotes[opp.id])
        if opp.id in contracts:
            reply.contract_id, reply.contract_status = contracts[opp.id]
        answers.append(reply)
    return answers
