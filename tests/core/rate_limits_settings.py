"""config.settings for the web processes that test_rate_limits_processes.py starts: the
caches and limits exactly as a deployment has them, with quick password hashing."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
