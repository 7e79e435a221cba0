"""The working calendar's table: each service that runs working-hour clocks keeps its
own copy (a service never reads another's tables), seeded from chinese-calendar."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, MetaData, Table, Text, func, text


def calendar_days_table(metadata: MetaData) -> Table:
    return Table(
        "calendar_days",
        metadata,
        Column("day", Date, primary_key=True),
        Column("is_workday", Boolean, nullable=False),
        Column("name", Text, nullable=False, server_default=text("''")),  # 国庆节, 春节调休...
        Column("source", Text, nullable=False),  # seeded (chinese-calendar) | admin
        Column("updated_at", DateTime(timezone=True), nullable=False,
               server_default=func.now()),
    )
