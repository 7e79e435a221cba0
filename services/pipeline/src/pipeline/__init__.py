"""SalesOS pipeline service: accounts, opportunities and the versioned sales process
(stages, sub-steps, gates); quotes, contracts and approvals follow (issue 4)."""
