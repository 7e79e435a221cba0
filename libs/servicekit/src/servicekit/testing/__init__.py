"""Test support: the `salesos` pytest plugin (real PostgreSQL, NATS and the whole stack).

Fixtures (see `plugin.py`): `infra`, `stack`, `db_session`, `db_sessionmaker`; a throwaway
schema with given tables: `scratch.scratch_schema`.
"""
