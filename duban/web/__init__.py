"""The Duban web application (Django): the ledger, its workflow, API and pages.

Nothing here is imported by ``duban.extract``; the CLI imports it only inside handlers.
"""
