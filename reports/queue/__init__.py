"""The verification queue: every record waiting for its verifiers in a user's area, and what came back to the
libraries for correction (``queue``: the records; ``kinds``: what each kind of record brings; ``views`` and
``record_views``: the pages; ``actions``: verifying several at once)."""
