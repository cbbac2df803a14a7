"""Duban (督办): a government work report becomes a supervised ledger of commitments."""

__version__ = "0.1.0"
__all__ = ["__version__"]
