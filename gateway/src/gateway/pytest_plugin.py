"""Pytest plugin registered by the gateway package.

The repository folder `gateway/` has the same name as this package. Under pytest's
importlib mode a test file `gateway/tests/x.py` is imported as `gateway.tests.x`, and
pytest builds the parent `gateway` from the folder (an empty namespace) unless the real
package is already imported. Being a plugin makes pytest import it first.
"""
