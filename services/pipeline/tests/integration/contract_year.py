"""A mid-sized company's year of contracts, written straight into the tables in a few
statements (the API would take minutes): 10k contracts of 20 reps in 5 regions, each
submitted one once or twice with up to four approval steps a round (~48k steps).

People (ids prefixed with the caller's tag): `rep-0`..`rep-19` own contracts, rep k in
region `r-(k % 5)`; `mgr-N` approves region `r-N` first, then `vp`, `gm`, `boss`; every
step escalates to `vp` or `gm`. Every 37th first step was delegated to `rep-3`, every
97th contract names the engineer `eng-9` at levels two and three. Two contracts share
each created_at (the id breaks the tie), and every 47th is still pending.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CONTRACTS = 10_000

_SEED = (
    """INSERT INTO process_versions (version, stages)
       SELECT 1, '{{}}' WHERE NOT EXISTS (SELECT 1 FROM process_versions)""",
    """INSERT INTO accounts (id, name, name_key)
       VALUES (gen_random_uuid(), '{t}' || '客户', '{t}' || 'account')""",
    """INSERT INTO opportunities (id, account_id, title, stage, status, owner_id, region_id,
         process_version, stage_entered_at, created_by)
       SELECT gen_random_uuid(), (SELECT id FROM accounts WHERE name_key = '{t}' || 'account'),
         '商机', 'contract', 'open', '{t}' || 'rep-' || k % 20, '{t}' || 'r-' || k % 20 % 5,
         (SELECT min(version) FROM process_versions), now(), '{t}' || 'seed'
       FROM generate_series(0, 199) k""",
    """INSERT INTO contracts (id, opportunity_id, quote_id, status, round, owner_id,
         region_id, title, created_by, created_at, number)
       SELECT gen_random_uuid(), deals[1 + i % 200], gen_random_uuid(),
         CASE WHEN i % 10 = 0 THEN 'draft' WHEN i % 47 = 1 THEN 'pending_approval'
              WHEN i % 10 = 2 THEN 'rejected' WHEN i % 10 = 3 THEN 'approved'
              ELSE 'signed' END,
         CASE WHEN i % 10 = 0 THEN 0 WHEN i % 3 = 0 THEN 2 ELSE 1 END,
         '{t}' || 'rep-' || i % 20, '{t}' || 'r-' || i % 20 % 5, i::text, '{t}' || 'rep-' || i % 20,
         now() - (i / 2) * interval '26 minutes', 'Y-{t}-' || i
       FROM generate_series(1, {n}) i,
         (SELECT array_agg(id ORDER BY id) deals FROM opportunities
          WHERE created_by = '{t}' || 'seed') d""",
    """INSERT INTO approval_steps (id, contract_id, round, position, level, label,
         approver_id, escalate_to_id, delegated_from, status, contract_created_at)
       SELECT gen_random_uuid(), c.id, r, p, 'level' || p, '审批',
         '{t}' || CASE WHEN p IN (2, 3) AND c.title::int % 97 = 0 THEN 'eng-9'
                    WHEN p = 1 AND c.title::int % 37 = 5 THEN 'rep-3'
                    WHEN p = 1 THEN 'mgr-' || right(c.region_id, 1)
                    ELSE (ARRAY['vp', 'gm', 'boss'])[p - 1] END,
         '{t}' || CASE WHEN p = 1 THEN 'vp' ELSE 'gm' END,
         CASE WHEN p = 1 AND c.title::int % 37 = 5
              THEN '{t}' || 'mgr-' || right(c.region_id, 1) ELSE '' END,
         CASE WHEN r < c.round THEN (CASE p WHEN 1 THEN 'rejected' ELSE 'waiting' END)
              WHEN c.status = 'pending_approval' AND p = 1 + c.title::int % 2 THEN 'pending'
              WHEN c.status = 'pending_approval' AND p < 1 + c.title::int % 2 THEN 'approved'
              WHEN c.status = 'pending_approval' THEN 'waiting'
              WHEN c.status = 'rejected' THEN (CASE p WHEN 1 THEN 'rejected' ELSE 'waiting' END)
              ELSE 'approved' END,
         c.created_at
       FROM contracts c, generate_series(1, c.round) r, generate_series(1, 4) p
       WHERE c.round > 0 AND c.created_by LIKE '{t}' || '%'""",
    "ANALYZE contracts",
    "ANALYZE approval_steps",
)


async def seed_year(session: AsyncSession, tag: str, contracts: int = CONTRACTS) -> None:
    """Inside the session's open transaction: roll it back to forget the year."""
    for statement in _SEED:
        # The tag is ours (letters and digits), written into the text: in `a || $1` the
        # server could not tell the parameter's type.
        await session.execute(text(statement.format(t=tag, n=contracts)))
