"""Tables of the pipeline schema.

Empty until the service's domain lands; the outbox and inbox tables belong to servicekit
and are created by the first migration.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
