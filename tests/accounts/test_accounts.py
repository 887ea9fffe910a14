"""People and organizations: permissions, settings, sign-in, admin."""

import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import Membership, Organization
from accounts.permissions import can_be_approver
from accounts.scopes import administers as is_district_admin
from accounts.services import user_set_profile_public
from core.models import AuditEntry
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_district_admin_covers_the_districts_schools_but_not_another_district():
    school = SchoolFactory()
    admin_user = MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user
    assert is_district_admin(admin_user, school)
    assert is_district_admin(admin_user, school.parent)
    assert not is_district_admin(admin_user, SchoolFactory())
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    assert not is_district_admin(teacher, school)


def test_an_approver_needs_a_verified_email():
    verified = UserFactory()
    unverified = UserFactory(verified=False)
    assert can_be_approver(verified)
    assert not can_be_approver(unverified)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=True)
    assert can_be_approver(unverified)
    verified.is_active = False
    assert not can_be_approver(verified)


def test_school_must_belong_to_a_district():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Organization.objects.create(name="Orphan", slug="orphan", kind="school")


def test_email_is_unique_whatever_the_case():
    from django.db import IntegrityError

    UserFactory(email="a@example.org")
    with pytest.raises(IntegrityError):
        UserFactory(email="A@example.org")


def test_profile_opt_in_is_audited():
    user = UserFactory()
    assert not user.profile_public
    user_set_profile_public(actor=user, public=True)
    user.refresh_from_db()
    assert user.profile_public
    assert AuditEntry.objects.filter(action="user.profile_public", actor=user).exists()


def test_sign_in_with_email_and_password(client):
    UserFactory(email="t@example.org")
    page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert b"Skip to content" in page.content  # our layout, not allauth's bare one
    response = client.post(
        reverse("account_login"), {"login": "t@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("badges:assertion-mine")).status_code == 200


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_ENV": "production", "HOME": "/tmp"}
    code = "import config.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    env["SECRET_KEY"] = "x" * 50
    no_key_secret = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert no_key_secret.returncode != 0
    assert "CREDENTIAL_KEY_SECRET is not set" in no_key_secret.stderr
    env["CREDENTIAL_KEY_SECRET"] = "y" * 50
    ok = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stderr


def test_database_url_selects_postgresql():
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "DATABASE_URL": "postgres://u@db.example:5432/cairn",
    }
    code = "import config.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    "model",
    [m for m in apps.get_models() if m in admin.site._registry],
    ids=lambda m: m._meta.label,
)
def test_every_admin_changelist_opens(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


def test_every_model_of_ours_is_in_the_admin():
    ours = {"core", "accounts", "competencies", "badges", "pathways", "evidence", "courses"}
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in ours and m not in admin.site._registry
    ]
    assert missing == []


def test_api_token_needs_a_verified_email_and_is_rate_limited(client, settings):
    from django.core.cache import cache

    cache.clear()
    UserFactory(email="ok@example.org")
    UserFactory(email="new@example.org", verified=False)
    good = {"username": "ok@example.org", "password": "correct-horse-battery"}
    assert client.post("/api/v1/auth/token", good).status_code == 200
    unverified = client.post(
        "/api/v1/auth/token", {"username": "new@example.org", "password": "correct-horse-battery"}
    )
    assert unverified.status_code == 400
    assert "Verify your e-mail" in unverified.content.decode()
    codes = [
        client.post("/api/v1/auth/token", {**good, "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert 429 in codes  # 5 a minute per client


def test_private_notes_cannot_be_searched_in_the_admin(admin_client):
    response = admin_client.get("/admin/coaching/coachingsession/?private_notes__startswith=a")
    assert response.status_code == 400
    assert admin_client.get("/admin/coaching/coachingsession/").status_code == 200
