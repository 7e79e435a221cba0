"""The company key lives in `servicekit.company_names`, shared with the pipeline's
accounts, so a customer is one company in both services."""

from servicekit.company_names import company_key

__all__ = ["company_key"]
