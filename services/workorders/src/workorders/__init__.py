"""SalesOS workorders service: cross-department work orders with SLA clocks, escalation
chains, progress, comments and attachments (see the service README)."""
