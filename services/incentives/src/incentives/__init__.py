"""SalesOS incentives service: KPIs, scores, rewards and commissions.

Only the process shell for now (health, reflection, migrations); the domain arrives
in a later issue.
"""
