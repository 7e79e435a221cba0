"""What every SalesOS process needs, written once: see docs/internals.md."""
