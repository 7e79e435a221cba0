"""SalesOS workorders service: cross-department work orders with SLA and escalation.

Only the process shell for now (health, reflection, migrations); the domain arrives
in a later issue.
"""
