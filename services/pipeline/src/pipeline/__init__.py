"""SalesOS pipeline service: opportunities, stages, quotes, contracts, approvals.

Only the process shell for now (health, reflection, migrations); the domain arrives
in a later issue.
"""
