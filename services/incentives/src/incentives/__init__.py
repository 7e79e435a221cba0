"""SalesOS incentives service: KPIs, scores, rewards, commissions, A/B trials, surveys.

See the service README for the rules and where each one lives.
"""
