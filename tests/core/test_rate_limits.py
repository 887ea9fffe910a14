"""Sign-in, token and verify limits, counted in the database cache as a deployment
without CACHE_URL counts them: failures on an account from one IP never lock its owner
out of another; the token and verify endpoints answer 429 with Retry-After. (That the
counts hold across processes: test_rate_limits_processes.py.)"""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
STRANGER = "10.0.0.66"
OWNER = "10.0.0.7"


@pytest.fixture(autouse=True)
def db_cache(settings):
    """The default cache as config.settings makes it without CACHE_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": django_settings.CACHE_TABLE,
        },
    }
    return settings


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.org")


def sign_in(client, email: str, password: str, ip: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_cache_table_is_made_by_migrate_and_the_limits_are_counted_there(client, owner):
    assert django_settings.CACHE_TABLE in connection.introspection.table_names()
    sign_in(client, owner.email, "wrong", STRANGER)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {django_settings.CACHE_TABLE}")  # noqa: S608
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login_failed" in key for key in keys)


def test_a_strangers_failures_lock_the_account_from_their_ip_only(client, owner):
    for _ in range(5):
        response = sign_in(client, owner.email, "wrong", STRANGER)
        assert "Too many failed login attempts" not in response.content.decode()
    refused = sign_in(client, owner.email, PASSWORD, STRANGER)
    assert "Too many failed login attempts" in refused.content.decode()
    assert not signed_in(client)

    response = sign_in(client, owner.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert signed_in(client)


def test_failures_count_together_whatever_host_name_they_were_sent_to(client, owner):
    for host in ("127.0.0.1", "localhost", "testserver", "localhost", "127.0.0.1"):
        client.post(
            reverse("account_login"),
            {"login": owner.email, "password": "wrong"},
            REMOTE_ADDR=STRANGER,
            HTTP_HOST=host,
        )
    assert "Too many failed" in sign_in(client, owner.email, PASSWORD, STRANGER).content.decode()


def test_the_account_limit_lifts_after_its_window(client, owner):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(5):
            sign_in(client, owner.email, "wrong", STRANGER)
        assert not signed_in(client)
        clock.shift(dt.timedelta(minutes=4))
        assert (
            "Too many failed" in sign_in(client, owner.email, PASSWORD, STRANGER).content.decode()
        )
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        assert sign_in(client, owner.email, PASSWORD, STRANGER).status_code == 302
        assert signed_in(client)


def test_failures_on_many_accounts_from_one_ip_meet_the_per_ip_limit(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed": "4/m/ip,5/5m/key",
    }
    users = [UserFactory() for _ in range(5)]
    for user in users[:4]:
        sign_in(client, user.email, "wrong", STRANGER)
    refused = sign_in(client, users[4].email, PASSWORD, STRANGER)
    assert "Too many failed login attempts" in refused.content.decode()
    assert not signed_in(client)
    assert sign_in(client, users[4].email, PASSWORD, OWNER).status_code == 302


def test_the_sign_in_page_answers_429_past_the_per_ip_limit(client, settings, owner):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        sign_in(client, owner.email, "wrong", STRANGER)
    response = sign_in(client, owner.email, PASSWORD, STRANGER)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert not signed_in(client)


# The API token -------------------------------------------------------------------------


def token(client, email: str, password: str, ip: str):
    return client.post(
        "/api/v1/auth/token", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_the_token_endpoint_limits_an_account_per_ip_not_for_everyone(client, owner):
    codes = [token(client, owner.email, "wrong", STRANGER).status_code for _ in range(5)]
    assert codes == [400] * 5
    refused = token(client, owner.email, PASSWORD, STRANGER)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]

    # Another address from the stranger's IP, and the owner from theirs, still go through.
    other = UserFactory()
    assert token(client, other.email, PASSWORD, STRANGER).status_code == 200
    assert token(client, owner.email, PASSWORD, OWNER).status_code == 200


def test_the_token_endpoint_limits_an_ip_whatever_the_account(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "auth-token-ip": "3/minute",
        },
    }
    for n in range(3):
        assert token(client, f"guess{n}@example.org", "wrong", STRANGER).status_code == 400
    assert token(client, "guess9@example.org", "wrong", STRANGER).status_code == 429
    assert token(client, "guess9@example.org", "wrong", OWNER).status_code == 400


# Verifying -------------------------------------------------------------------------------


@pytest.fixture
def verify_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "verify": "3/minute",
        },
    }


def verify_api(client, ip: str):
    return client.post(
        "/api/v1/verify",
        {"credential": "not a credential"},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def verify_page(client, ip: str):
    return client.post(reverse("badges:verify"), {"credential": "not a credential"}, REMOTE_ADDR=ip)


def test_the_verify_api_and_page_share_one_limit_per_ip(client, verify_rate):
    assert verify_api(client, STRANGER).status_code == 200
    assert verify_page(client, STRANGER).status_code == 200
    assert verify_api(client, STRANGER).status_code == 200

    api = verify_api(client, STRANGER)
    assert api.status_code == 429
    assert 1 <= int(api["Retry-After"]) <= 60

    page = verify_page(client, STRANGER)
    assert page.status_code == 429
    assert 1 <= int(page["Retry-After"]) <= 60
    body = page.content.decode()
    assert "<h1>Too many requests</h1>" in body
    assert "Try again in" in body

    assert client.get(reverse("badges:verify"), REMOTE_ADDR=STRANGER).status_code == 200
    assert verify_page(client, OWNER).status_code == 200
    assert verify_api(client, OWNER).status_code == 200


def test_the_verify_limit_is_the_default_rate_without_settings(client):
    rate = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["verify"]
    allowed = int(rate.split("/")[0])
    for _ in range(allowed):
        assert verify_api(client, STRANGER).status_code == 200
    assert verify_api(client, STRANGER).status_code == 429
    cache.clear()
    assert verify_api(client, STRANGER).status_code == 200


# The settings ---------------------------------------------------------------------------


def settings_in_a_process(**environ) -> str:
    """CACHES["default"] as config.settings makes it in a fresh process with `environ`."""
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", **environ}
    code = "from django.conf import settings; print(settings.CACHES['default'])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def test_without_cache_url_the_default_cache_is_the_database():
    out = settings_in_a_process()
    assert "django.core.cache.backends.db.DatabaseCache" in out
    assert "'LOCATION': 'cairn_cache'" in out
    assert "'MAX_ENTRIES': 200000" in out  # not culled at Django's 300


def test_a_redis_cache_url_uses_djangos_redis_backend_with_its_key_prefix():
    out = settings_in_a_process(CACHE_URL="redis://127.0.0.1:6379/5?key_prefix=district")
    assert "django.core.cache.backends.redis.RedisCache" in out
    assert "'LOCATION': 'redis://127.0.0.1:6379/5'" in out
    assert "'KEY_PREFIX': 'district'" in out


def test_production_refuses_a_per_process_cache():
    out = settings_in_a_process(
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        CREDENTIAL_KEY_SECRET="y" * 40,
        CACHE_URL="locmemcache://cairn",
    )
    assert "per-process cache" in out
