"""One module per delivery channel, each behind the `Channel` interface (base.py)."""
