"""Storage: sqlmodel tables, the engine, loading a plan, and the progress ledger.

This package is the only place SQL runs.
"""
