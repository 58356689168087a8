"""The data version: one token in the shared cache that every change the dashboard shows replaces.

What the dashboard caches is keyed by it, so a review shows at once and a request never
counts rows to find out whether anything changed. A new token is set after the
transaction commits: a page computed before the commit is stored under the old one,
never under the new.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "newsmap:data-version"


def current() -> str:
    version = cache.get(KEY)
    if version is None:  # first use, or evicted: any new token will do
        cache.add(KEY, uuid.uuid4().hex, None)
        version = cache.get(KEY)
    return version


def changed() -> None:
    """Call in the transaction that changes what the dashboard shows."""
    transaction.on_commit(lambda: cache.set(KEY, uuid.uuid4().hex, None))
