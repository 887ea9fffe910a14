"""Badges' views, by what they serve: hosted Open Badges 2.0 documents (`hosted`), 3.0
credentials (`credentials`), published keys and status lists (`keys`), the earner's
pages (`earner`) and the verify page (`verify`). Thin: parse, check, call, respond.

`assertion_page` (the hosted assertion's page, shown again by the revoke view in
`pathways` with its form's errors) is exported here.
"""

from .hosted import assertion_page

__all__ = ["assertion_page"]
