"""framework_import_case, end to end through the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Membership
from competencies.case import parse_case_package
from competencies.models import Competency, CompetencyAssociation, Framework
from competencies.services import CaseImportError, framework_import_case
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory

from .cases import DOC_ID, cf_item, cf_package, child_of, dumps, messy_package
from .factories import FrameworkFactory

pytestmark = pytest.mark.django_db


def run_import(data: dict, **kwargs):
    kwargs.setdefault("actor", None)
    kwargs.setdefault("actor_label", "test")
    return framework_import_case(package=parse_case_package(dumps(data)), **kwargs)


def tree(framework: Framework) -> dict[str, tuple[str | None, int, str]]:
    """code -> (parent code, list_order, statement)."""
    return {
        c.code: (c.parent.code if c.parent else None, c.list_order, c.statement)
        for c in Competency.objects.filter(framework=framework).select_related("parent")
    }


def test_import_creates_the_framework_and_tree() -> None:
    result = run_import(cf_package())

    framework = result.framework
    assert (result.framework_created, len(result.created), len(result.updated)) == (True, 5, 0)
    assert (result.unchanged, len(result.retired)) == (0, 0)
    assert framework.case_identifier == DOC_ID
    assert framework.title == "Digital Literacy"
    assert framework.slug == "digital-literacy"
    assert framework.version == "1.0"
    assert framework.case_uri == f"https://case.example.org/uri/{DOC_ID}"
    assert framework.last_change is not None
    assert tree(framework) == {
        "A": (None, 1, "Uses digital tools."),
        "A.1": ("A", 1, "Chooses a tool for a task."),
        "A.2": ("A", 2, "Protects student data."),
        "B": (None, 2, "Evaluates sources."),
        "B.1": ("B", 1, "Checks a source's author."),
    }
    a1 = Competency.objects.get(framework=framework, case_identifier="a1")
    assert (a1.item_type, a1.case_uri) == ("Competency", "https://case.example.org/uri/a1")


def test_import_writes_one_audit_row() -> None:
    result = run_import(cf_package(), actor_label="manage.py import_case")

    entry = AuditEntry.objects.get()
    assert entry.action == "framework.import_case"
    assert entry.actor is None
    assert entry.actor_label == "manage.py import_case"
    assert entry.target_id == str(result.framework.public_id)
    assert entry.data["created"] == 5
    assert entry.data["case_identifier"] == DOC_ID


def test_reimporting_a_newer_version_updates_in_place() -> None:
    first = run_import(cf_package())
    pks = dict(Competency.objects.values_list("case_identifier", "pk"))
    public_ids = dict(Competency.objects.values_list("case_identifier", "public_id"))

    newer = cf_package(version="2.0")
    newer["CFItems"][1]["fullStatement"] = "Chooses the right tool for a learning task."  # A.1
    newer["CFAssociations"][2] = child_of("as-a2", "a2", "b", 2)  # A.2 moves under B, second
    newer["CFItems"].append(cf_item("b3", "B.3", "Cites sources."))  # new, B's third child
    newer["CFAssociations"].append(child_of("as-b3", "b3", "b", 3))

    second = run_import(newer)

    assert second.framework.pk == first.framework.pk
    assert second.framework.version == "2.0"
    assert not second.framework_created
    # A.1 changed statement; A.2 changed parent (its order stays 2); A, B, B.1 did not change.
    assert (len(second.created), len(second.updated), second.unchanged, len(second.retired)) == (
        1,
        2,
        3,
        0,
    )
    assert Framework.objects.count() == 1
    assert Competency.objects.count() == 6
    after = dict(Competency.objects.values_list("case_identifier", "pk"))
    assert {k: v for k, v in after.items() if k != "b3"} == pks
    for identifier, public_id in public_ids.items():
        assert Competency.objects.get(case_identifier=identifier).public_id == public_id
    assert tree(second.framework) == {
        "A": (None, 1, "Uses digital tools."),
        "A.1": ("A", 1, "Chooses the right tool for a learning task."),
        "A.2": ("B", 2, "Protects student data."),
        "B": (None, 2, "Evaluates sources."),
        "B.1": ("B", 1, "Checks a source's author."),
        "B.3": ("B", 3, "Cites sources."),
    }


def test_items_dropped_from_a_newer_version_are_kept_and_retired() -> None:
    run_import(cf_package())
    newer = cf_package(version="2.0")
    del newer["CFItems"][4]  # B.1
    del newer["CFAssociations"][4]

    result = run_import(newer)

    assert (len(result.created), len(result.updated), result.unchanged, len(result.retired)) == (
        0,
        0,
        4,
        1,
    )
    assert result.retired == ['"B.1 Checks a source\'s author."']
    b1 = Competency.objects.get(case_identifier="b1")
    assert (b1.parent.code, b1.statement) == ("B", "Checks a source's author.")
    assert b1.retired_at is not None
    assert Competency.objects.current().count() == 4

    restored = run_import(cf_package(version="3.0"))

    assert restored.restored == ['"B.1 Checks a source\'s author."']
    assert not restored.retired
    b1.refresh_from_db()
    assert b1.retired_at is None


def test_reimporting_the_same_version_changes_nothing() -> None:
    first = run_import(cf_package())
    updated_at = first.framework.updated_at

    again = run_import(cf_package())

    assert (len(again.created), len(again.updated), again.unchanged, len(again.retired)) == (
        0,
        0,
        5,
        0,
    )
    again.framework.refresh_from_db()
    assert again.framework.updated_at == updated_at
    assert AuditEntry.objects.count() == 2


def test_codes_and_order_update_in_place() -> None:
    run_import(cf_package())
    newer = cf_package(version="1.1")
    newer["CFItems"][3]["humanCodingScheme"] = "C"  # B renamed C
    newer["CFAssociations"][0]["sequenceNumber"] = 3  # A now after B/C

    result = run_import(newer)

    assert (len(result.updated), result.unchanged) == (2, 3)
    assert tree(result.framework)["C"] == (None, 1, "Evaluates sources.")
    assert tree(result.framework)["A"] == (None, 2, "Uses digital tools.")


def test_same_item_identifiers_in_another_framework_stay_separate() -> None:
    run_import(cf_package())
    result = run_import(cf_package(doc_id="another-document"))

    assert len(result.created) == 5
    assert Competency.objects.filter(case_identifier="a1").count() == 2


def test_slug_defaults_to_the_title_made_unique() -> None:
    FrameworkFactory(slug="digital-literacy")

    result = run_import(cf_package())

    assert result.framework.slug == "digital-literacy-2"


def test_explicit_slug_is_used_and_a_taken_one_is_refused() -> None:
    FrameworkFactory(slug="taken")
    with pytest.raises(CaseImportError, match="'taken' is taken"):
        run_import(cf_package(), slug="taken")
    assert not Framework.objects.filter(case_identifier=DOC_ID).exists()
    assert not Competency.objects.exists()

    result = run_import(cf_package(), slug="dl")
    assert result.framework.slug == "dl"


def test_invalid_slug_is_refused() -> None:
    with pytest.raises(CaseImportError, match="not a valid slug"):
        run_import(cf_package(), slug="Not A Slug")


def test_a_user_needs_permission_to_import() -> None:
    with pytest.raises(PermissionDenied):
        run_import(cf_package(), actor=UserFactory())
    assert not Framework.objects.exists()

    admin = UserFactory(is_superuser=True, is_staff=True)
    result = run_import(cf_package(), actor=admin, actor_label="")
    assert len(result.created) == 5
    assert AuditEntry.objects.get().actor == admin


# --- real packages -----------------------------------------------------------------------


def test_a_messy_package_imports_every_item_and_association() -> None:
    report = run_import(messy_package())

    framework = report.framework
    assert sorted(framework.competencies.values_list("code", flat=True)) == [
        "A", "A.1", "A.2", "B", "B.1", "B.2",
    ]  # fmt: skip
    assert len(report.merged) == 1
    assert "A.1" in report.merged[0]
    assert any("B.2" in w and "identifier is missing" in w for w in report.warnings)
    kinds = dict(
        CompetencyAssociation.objects.filter(framework=framework).values_list(
            "case_identifier", "association_type"
        )
    )
    assert kinds == {
        "rel-1": "isRelatedTo",
        "rel-2": "precedes",
        "rel-3": "exactMatchOf",
        "rel-4": "exemplar",
        "rel-5": "isPeerOf",
    }
    rel1 = CompetencyAssociation.objects.get(case_identifier="rel-1")
    assert (rel1.origin.code, rel1.destination.code) == ("A.2", "B.1")
    rel3 = CompetencyAssociation.objects.get(case_identifier="rel-3")
    assert rel3.destination is None
    assert (rel3.destination_identifier, rel3.destination_title) == (
        "other-framework-item",
        "ISTE 1.2",
    )
    assert report.associations_created == 5
    assert AuditEntry.objects.get().data["merged"] == report.merged


def test_reimporting_the_same_messy_package_adds_nothing() -> None:
    run_import(messy_package())
    before = (Competency.objects.count(), CompetencyAssociation.objects.count())

    again = run_import(messy_package())

    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 6)
    assert (again.associations_created, again.associations_updated) == (0, 0)
    assert again.changes_nothing
    assert (Competency.objects.count(), CompetencyAssociation.objects.count()) == before


def test_associations_a_newer_version_drops_are_removed() -> None:
    run_import(messy_package())
    newer = messy_package(version="2.0")
    newer["CFAssociations"] = [a for a in newer["CFAssociations"] if a["identifier"] != "rel-2"]

    report = run_import(newer)

    assert report.associations_removed == 1
    assert not CompetencyAssociation.objects.filter(case_identifier="rel-2").exists()


def test_a_reused_document_identifier_with_another_title_is_warned() -> None:
    run_import(cf_package())
    renamed = cf_package(version="2.0")
    renamed["CFDocument"]["title"] = "Welding Technology"

    report = run_import(renamed)

    assert report.warnings[0].startswith(
        f"The package reuses the document identifier '{DOC_ID}' of the framework"
        ' "Digital Literacy" with another title, "Welding Technology"'
    )
    assert Framework.objects.get().title == "Welding Technology"


def test_a_dry_run_reports_and_writes_nothing() -> None:
    run_import(cf_package())
    newer = messy_package(version="2.0")
    del newer["CFItems"][0]  # A: retired
    before = (
        list(Competency.objects.values_list("pk", "statement", "retired_at")),
        CompetencyAssociation.objects.count(),
        AuditEntry.objects.count(),
    )

    preview = run_import(newer, dry_run=True)

    assert preview.dry_run
    assert preview.retired == ['"A Uses digital tools."']
    assert list(preview.created) == ['"B.2 Compares two sources."']
    assert preview.associations_created == 5
    after = (
        list(Competency.objects.values_list("pk", "statement", "retired_at")),
        CompetencyAssociation.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before
    assert Framework.objects.get().version == "1.0"


def test_a_dry_run_of_a_new_framework_names_no_framework() -> None:
    preview = run_import(cf_package(), dry_run=True)
    assert preview.framework is None
    assert preview.framework_created
    assert len(preview.created) == 5
    assert not Framework.objects.exists()


def test_a_district_admin_may_import_and_a_school_admin_may_not() -> None:
    district = DistrictFactory()
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    school_admin = MembershipFactory(
        organization=SchoolFactory(parent=district), role=Membership.Role.ADMIN
    ).user

    assert len(run_import(cf_package(), actor=admin).created) == 5
    with pytest.raises(PermissionDenied):
        run_import(cf_package(version="2.0"), actor=school_admin)
