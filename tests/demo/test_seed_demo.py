from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import AuditEntry, Membership, User
from badges.models import Assertion, BadgeClass
from competencies.models import Competency, Framework
from demo import seed

pytestmark = pytest.mark.django_db


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table, many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def seeded() -> str:
    return run_seed()


def test_seed_prints_the_sign_ins_and_links(seeded):
    assert seed.DEMO_PASSWORD in seeded
    for spec in seed.USERS:
        assert spec.email in seeded
    for path in ("/badges/mine/", "/verify/", "/admin/"):
        assert path in seeded


def test_second_run_creates_and_changes_nothing(seeded):
    before = row_counts()
    assertions = list(
        Assertion.objects.order_by("pk").values_list(
            "pk", "issued_on", "expires_at", "revoked_at", "superseded_at", "is_public"
        )
    )
    passwords = list(User.objects.order_by("pk").values_list("pk", "password"))

    out = run_seed()

    assert "nothing to do" in out
    assert row_counts() == before
    assert (
        list(
            Assertion.objects.order_by("pk").values_list(
                "pk", "issued_on", "expires_at", "revoked_at", "superseded_at", "is_public"
            )
        )
        == assertions
    )
    assert list(User.objects.order_by("pk").values_list("pk", "password")) == passwords


def test_every_role_has_a_user_who_can_sign_in(seeded, client):
    for role in Membership.Role.values:
        assert Membership.objects.filter(
            role=role, user__email__endswith=f"@{seed.EMAIL_DOMAIN}"
        ).exists(), role
    for user in User.objects.filter(email__endswith=f"@{seed.EMAIL_DOMAIN}"):
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()
    admin = User.objects.get(email=f"admin@{seed.EMAIL_DOMAIN}")
    assert admin.is_superuser
    assert admin.is_staff
    assert all(u.is_minor for u in User.objects.filter(memberships__role=Membership.Role.STUDENT))

    response = client.post(
        "/accounts/login/",
        {"login": f"student@{seed.EMAIL_DOMAIN}", "password": seed.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/badges/mine/"


def test_one_revoked_and_one_expired_assertion(seeded):
    revoked = Assertion.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1
    assert revoked.get().revocation_reason

    expired = Assertion.objects.filter(expires_at__lt=timezone.now(), revoked_at__isnull=True)
    assert expired.count() == 1
    assert expired.get().status == "expired"
    assert expired.get().badge_class.valid_for_days


def test_student_assertions_are_private_by_default(seeded):
    student_badges = Assertion.objects.filter(recipient__is_minor=True)
    assert student_badges.exists()
    assert not student_badges.filter(is_public=True).exists()

    safety = Assertion.objects.get(
        badge_class__slug="welding-safety", recipient__email=f"student@{seed.EMAIL_DOMAIN}"
    )
    assert safety.badge_class.image_type == "png"
    assert any(item["url"].startswith("https://") for item in safety.evidence)


def test_teachers_hold_educator_badges(seeded):
    for key in ("teacher", "teacher2"):
        assert Assertion.objects.filter(
            recipient__email=f"{key}@{seed.EMAIL_DOMAIN}",
            badge_class__audience=BadgeClass.Audience.EDUCATOR,
            revoked_at__isnull=True,
        ).exists()


def test_badge_classes_are_complete(seeded):
    badges = BadgeClass.objects.all()
    assert badges.count() == len(seed.BADGES)
    assert not badges.exclude(status=BadgeClass.Status.ACTIVE).exists()
    assert {b.image_type for b in badges} == {"png", "svg"}
    assert {b.audience for b in badges} == set(BadgeClass.Audience.values)
    assert badges.filter(credit_institution__gt="", credit_hours__isnull=False).exists()
    assert badges.filter(cte_competency__isnull=False).exists()
    assert badges.filter(valid_for_days__isnull=False).exists()
    assert all(b.criteria_narrative and b.tags for b in badges)
    assert BadgeClass.alignments.through.objects.count() >= len(seed.BADGES)
    # Every badge class was created through the service, which audits it.
    assert AuditEntry.objects.filter(action="badgeclass.create").count() == badges.count()


def test_educator_framework_is_nested(seeded):
    framework = Framework.objects.get(slug=seed.ET_SLUG)
    child = Competency.objects.get(framework=framework, code="ET.1.2")
    assert child.parent.code == "ET.1"


def test_cte_framework_is_built_in_without_the_case_sample(monkeypatch, tmp_path):
    monkeypatch.setattr(seed, "CASE_SAMPLE", tmp_path / "missing.case.json")
    out = run_seed()
    assert "built in" in out
    framework = Framework.objects.get(slug=seed.CTE_SLUG)
    assert framework.case_identifier is None
    safety = BadgeClass.objects.get(slug="welding-safety")
    assert safety.cte_competency.code == "WLD.1"
    assert "WLD.1.1" in {c.code for c in safety.alignments.all()}

    before = row_counts()
    run_seed()
    assert row_counts() == before


@pytest.mark.skipif(not seed.CASE_SAMPLE.is_file(), reason="no CASE sample in this checkout")
def test_cte_framework_is_imported_from_the_case_sample(seeded):
    framework = Framework.objects.get(slug=seed.CTE_SLUG)
    assert framework.case_identifier
    assert "imported CASE package" in seeded
    assert BadgeClass.objects.get(slug="welding-safety").cte_competency.framework == framework


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
