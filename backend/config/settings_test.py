"""pytest's settings: the production settings, with a per-run secret key and plain http (the test client's).

Set through the environment, so servers a test starts in a subprocess get the same. Tests that check the
HTTPS defaults run `manage.py check --deploy` in a subprocess with production environment variables.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", f"test-{secrets.token_urlsafe(50)}")
os.environ.setdefault("DJANGO_HTTPS", "0")
# Read the catalogue version on every turn: a test's rolled-back transaction restores an older stamp, which a
# remembered one would hide from the next test (tests/test_version_stamp.py covers the remembering).
os.environ.setdefault("CATALOGUE_STAMP_SECONDS", "0")

from config.settings import *  # noqa: E402, F403
