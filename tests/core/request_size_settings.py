"""config.settings for the web servers that test_request_size.py starts: as deployed, plus
one test page that reads its whole body by blocks, as a view streaming an upload might."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.core.request_size_urls"
