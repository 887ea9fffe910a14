"""Moving models between apps loses nothing: audit entries to core, pathways to their
own app, and pathway credit agreements onto the pathway's badge. Run on real rows
made at the migrations before the move, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("accounts", "0002_add_placement"),
    ("badges", "0003_add_ob3_keys_and_status"),
    ("core", None),
    ("pathways", None),
]


def _migrate(targets):
    """Migrate to `targets`; the models as they are there."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_moved_models_keep_every_row():
    old = _migrate(BEFORE)
    Organization = old.get_model("accounts", "Organization")
    User = old.get_model("accounts", "User")
    AuditEntry = old.get_model("accounts", "AuditEntry")
    Issuer = old.get_model("badges", "Issuer")
    BadgeClass = old.get_model("badges", "BadgeClass")
    Pathway = old.get_model("badges", "Pathway")
    Requirement = old.get_model("badges", "PathwayRequirement")  # noqa: N806
    Agreement = old.get_model("badges", "CreditAgreement")  # noqa: N806
    ContentType = old.get_model("contenttypes", "ContentType")
    # As in a database from before the move: the new apps' content types are not there.
    ContentType.objects.filter(app_label__in=["core", "pathways"]).delete()
    ContentType.objects.get_or_create(app_label="badges", model="pathway")
    ContentType.objects.get_or_create(app_label="accounts", model="auditentry")

    district = Organization.objects.create(slug="d", name="District", kind="district")
    college = Organization.objects.create(slug="c", name="College", kind="college")
    admin = User.objects.create(email="admin@example.org", password="x")
    entry = AuditEntry.objects.create(
        actor=admin,
        actor_label="admin@example.org",
        action="assertion.award",
        target_type="badges.Assertion",
        target_id="1",
    )
    issuer = Issuer.objects.create(
        organization=district, name="District", url="https://d.example", email="d@example.org"
    )

    def badge(slug):
        return BadgeClass.objects.create(
            slug=slug,
            issuer=issuer,
            name=slug,
            description="d",
            image="badges/x.png",
            image_type="png",
            criteria_narrative="c",
            audience="student",
            status="active",
        )

    part, whole = badge("part"), badge("whole")
    pathway = Pathway.objects.create(
        slug="p", name="Pathway", issuer=issuer, badge_class=whole, status="active"
    )
    root = Requirement.objects.create(pathway=pathway, kind="all")
    leaf = Requirement.objects.create(pathway=pathway, parent=root, kind="badge", badge_class=part)
    on_pathway = Agreement.objects.create(
        institution=college,
        pathway=pathway,
        course_code="WELD 110",
        credits=6,
        effective_from=dt.date(2026, 1, 15),
        signed_by_name="Dr. Ruiz",
        signed_by_title="Dean",
    )
    on_badge = Agreement.objects.create(
        institution=college,
        badge_class=part,
        course_code="WELD 101",
        credits=3,
        effective_from=dt.date(2026, 1, 15),
        signed_by_name="Dr. Ruiz",
        signed_by_title="Dean",
    )

    new = _migrate(_leaves())
    assert new.get_model("core", "AuditEntry").objects.get(pk=entry.pk).actor_id == admin.pk
    moved = new.get_model("pathways", "Pathway").objects.get(pk=pathway.pk)
    assert (moved.slug, moved.badge_class_id, moved.status) == ("p", whole.pk, "active")
    requirements = new.get_model("pathways", "PathwayRequirement").objects.filter(
        pathway_id=pathway.pk
    )
    assert sorted(requirements.values_list("pk", "parent_id", "badge_class_id")) == sorted(
        [(root.pk, None, None), (leaf.pk, root.pk, part.pk)]
    )
    agreements = new.get_model("badges", "CreditAgreement").objects
    assert agreements.get(pk=on_pathway.pk).badge_class_id == whole.pk
    assert agreements.get(pk=on_badge.pk).badge_class_id == part.pk
    types = new.get_model("contenttypes", "ContentType").objects
    assert types.filter(app_label="pathways", model="pathway").exists()
    assert types.filter(app_label="core", model="auditentry").exists()
    assert not types.filter(app_label="badges", model="pathway").exists()


def test_notifications_move_to_core_with_every_row():
    old = _migrate([("evidence", "0001_initial"), ("core", "0002_add_transition")])
    User = old.get_model("accounts", "User")
    Notification = old.get_model("evidence", "Notification")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model="notification").delete()
    ContentType.objects.get_or_create(app_label="evidence", model="notification")
    user = User.objects.create(email="reviewer@example.org", password="x")
    note = Notification.objects.create(user=user, message="Waiting for you", link="/evidence/")

    new = _migrate(_leaves())
    moved = new.get_model("core", "Notification").objects.get(pk=note.pk)
    assert (moved.user_id, moved.message, moved.link, moved.public_id) == (
        user.pk,
        "Waiting for you",
        "/evidence/",
        note.public_id,
    )
    assert moved.emailed_at == moved.created_at  # e-mailed when written, before the digest
    types = new.get_model("contenttypes", "ContentType").objects
    assert types.filter(app_label="core", model="notification").exists()
    assert not types.filter(app_label="evidence", model="notification").exists()
