"""Which passages of a report review the past and which plan the future, from evidence.

``signals`` holds the signals (each a named source of votes), ``five_year_plans`` the plans by
number, ``parts`` combines the votes into a reading of every paragraph (and applies the
office's corrections), ``diagnosis`` says when the reading is doubtful (the document's
``warnings``). See docs/extraction.md, "Review or plan".
"""
