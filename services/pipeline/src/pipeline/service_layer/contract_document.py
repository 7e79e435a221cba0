"""The document a contract's signer reads and signs, and the check that it still says
what was signed.

The document is rendered from the contract version and the quote's lines (name, code and
quantity of each product), so it carries no hidden state; re-rendering it later and
comparing hashes shows whether anything signed has changed. A document signed in the
first layout (product codes only) is re-rendered in that layout for the comparison.
"""

from __future__ import annotations

from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import quotes_repo, signature_repo
from pipeline.domain import signature
from pipeline.domain.contracts import Contract
from pipeline.service_layer import contract_messages as messages
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.contracting import visible


async def document(session: AsyncSession, c: Contract, version: int, *,
                   itemised: bool = True) -> str:
    items = None
    if itemised:
        quote = await quotes_repo.get(session, quote_id=c.quote_id)
        items = quote.lines if quote is not None else ()
    v = c.version(version)
    return signature.render(contract_id=c.id, version=v.version, account_name=c.account_name,
                            title=c.title, product_codes=c.product_codes, terms=v.terms,
                            items=items, number=c.number)


async def verify(contract_id: str, principal: Principal, deps: ContractDeps) -> pb.Verification:
    async with deps.base.sessions() as session:
        c = await visible(session, contract_id, principal, deps.org)
        entry = await signature_repo.signed_entry(session, contract_id=c.id)
        if entry is None:
            return pb.Verification(contract_id=c.id, signed=False)
        current = signature.sha256(await document(
            session, c, entry.version, itemised=signature.itemised(entry.document)))
    return pb.Verification(
        contract_id=c.id, signed=True, unchanged=current == entry.document_sha256,
        signed_sha256=entry.document_sha256, current_sha256=current,
        signed_at=messages.ts(entry.at), signer_name=entry.signer_name, ip=entry.ip,
        user_agent=entry.user_agent)
