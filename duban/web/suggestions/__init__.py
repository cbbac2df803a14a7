"""Deputies' suggestions (人大代表建议) and CPPCC members' proposals (政协委员提案): their
handling (建议提案办理) beside the ledger, with its departments, roles, deadlines, history and API.

See docs/suggestions.md. Per-unit figures for other apps: :func:`duban.web.suggestions.stats.unit_stats`.
"""
