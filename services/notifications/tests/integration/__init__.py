"""Notifications integration tests: a package, so the `running` fixture can be package-scoped."""
