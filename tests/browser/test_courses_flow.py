"""Issue 4's main flow as a teacher does it in a browser: find a 15-minute module on a
competency, work through it (failing the check once), finish, and apply for its
micro-credential with the reflection attached."""

import re

import pytest

from accounts.models import Membership
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    # Each role lands on its own page (console.selectors.home); these steps start at My badges.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/badges/mine/")


def make_library():
    school = SchoolFactory(name="Lincoln Middle School")
    district = school.parent
    coach = MembershipFactory(
        organization=school, role=Membership.Role.COACH, user__name="Casey Coach"
    ).user
    teacher = MembershipFactory(
        organization=school,
        role=Membership.Role.TEACHER,
        user__name="Taylor Teacher",
        user__email="teacher@example.org",
    ).user
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=district,
        badge_class__name="Formative Assessment Practitioner",
        badge_class__audience="educator",
        allow_section_teacher=False,
        allow_coach=True,
    )
    formative = CompetencyFactory(
        code="FA.1", statement="Uses formative assessment to adjust instruction."
    )
    other = CompetencyFactory(code="CM.2", statement="Builds routines for classroom talk.")
    module = build_module(coach, district, competency=formative, leads_to=policy.badge_class)
    build_module(
        coach,
        district,
        slug="assessment-deep-dive",
        title="Assessment design: a deep dive",
        summary="A longer workshop on designing common assessments.",
        minutes=60,
        competency=formative,
        format="workshop",
    )
    build_module(
        coach,
        district,
        slug="turn-and-talk",
        title="Turn and talk",
        summary="Structure partner talk in five minutes.",
        minutes=5,
        competency=other,
    )
    return teacher, module, policy.badge_class, formative


def test_teacher_finds_a_quick_module_completes_it_and_applies(page, live_server, shot, axe_check):
    teacher, module, badge, competency = make_library()
    base = live_server.url
    sign_in(page, base, teacher.email)

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Module library", exact=True
    ).click()
    page.wait_for_url(f"{base}/learn/")
    page.get_by_role("heading", name="Learn", level=1).wait_for()
    axe_check(page)

    page.get_by_label("15 minutes or less").check()
    page.get_by_label("Competency").select_option(label=f"FA.1 — {competency.statement}")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r".*quick=on.*"))
    results = page.locator(".module-card h3")
    assert results.all_inner_texts() == [module.title]
    page.get_by_role("heading", name="1 module found").wait_for()
    shot(page, "issue4-1-library-quick-filter")
    axe_check(page)

    page.get_by_role("link", name=module.title).click()
    page.get_by_role("heading", name=module.title, level=1).wait_for()
    shot(page, "issue4-2-module-not-started")
    axe_check(page)
    page.get_by_role("button", name="Start").click()

    # Step 1: read.
    page.get_by_text("Step 1 of 3").wait_for()
    shot(page, "issue4-3-step-read")
    axe_check(page)
    page.get_by_role("button", name="Mark done and continue").click()

    # Step 2: reflect.
    page.get_by_text("Step 2 of 3").wait_for()
    page.get_by_label("What will you ask?").fill("Which is larger, 3/8 or 2/5? Explain.")
    page.get_by_role("button", name="Mark done and continue").click()

    # Step 3: check — fail once, read the feedback, pass.
    page.get_by_text("Step 3 of 3").wait_for()
    page.get_by_role("group", name=re.compile("What is exit-ticket data for")).get_by_label(
        "Grading"
    ).check()
    page.get_by_label("Twenty").check()
    page.get_by_role("button", name="Check my answers").click()
    page.get_by_role("heading", name="Not passed yet").wait_for()
    assert page.get_by_text("Exit tickets are formative.").is_visible()
    shot(page, "issue4-4-check-failed")
    axe_check(page)
    page.get_by_label("Planning tomorrow's lesson").check()
    page.get_by_label("One to three").check()
    page.get_by_role("button", name="Check my answers again").click()
    page.get_by_role("heading", name="Passed").wait_for()
    assert page.get_by_text("Your last attempt scored 100%").is_visible()
    shot(page, "issue4-5-check-passed")
    page.get_by_role("link", name="Back to the module").click()

    page.get_by_text("3 of 3 steps done").wait_for()
    page.get_by_role("button", name="Finish the module").click()
    page.get_by_role("heading", name="Apply it in your classroom, then submit evidence").wait_for()
    shot(page, "issue4-6-module-finished")
    axe_check(page)
    attach = page.get_by_label("Attach my reflection answers from this module")
    assert attach.is_checked()
    page.get_by_role("button", name="Start my evidence").click()

    page.wait_for_url(re.compile(rf"{re.escape(base)}/evidence/s/[0-9a-f-]+/"))
    page.get_by_role("heading", name=badge.name, level=1).wait_for()
    assert page.locator(".status-draft").first.is_visible()
    assert page.get_by_text("Which is larger, 3/8 or 2/5? Explain.").first.is_visible()
    shot(page, "issue4-7-draft-submission")

    page.get_by_role("link", name="My learning").click()
    page.get_by_role("heading", name="My learning", level=1).wait_for()
    assert page.get_by_role("link", name=f"Apply for “{badge.name}”").is_visible()
    shot(page, "issue4-8-my-learning")
    axe_check(page)


def test_teacher_reads_an_exemplar(page, live_server, shot, axe_check):
    from django.core.files.base import ContentFile

    from courses import services
    from courses.models import ExemplarArtifact

    teacher, module, _, competency = make_library()
    admin = MembershipFactory(
        organization=module.organization, role=Membership.Role.ADMIN, user__name="Avery Admin"
    ).user
    exemplar = services.exemplar_create(
        actor=admin,
        organization=module.organization,
        slug="fraction-exit-tickets",
        title="Fraction exit tickets in grade 7",
        grade_band="6-8",
        subject="math",
        lesson_flow=(
            "1. **Warm-up** (5 min): compare two fractions on whiteboards.\n"
            "2. **Mini-lesson** (10 min): benchmark fractions.\n"
            "3. **Exit ticket** (5 min): three questions, sorted into three piles after class."
        ),
        pedagogical_value="Students see their own *misconceptions*, and the teacher regroups "
        "tomorrow's class by what the tickets show.",
        reflection="Next time I would sort the tickets with the students.",
        standards=[competency],
        artifacts=[
            {
                "kind": "video",
                "title": "Lesson video",
                "url": "https://video.example.org/7b",
                "annotation": "At 03:10 notice the wait time before the first answer.",
            },
            {
                "kind": "slides",
                "title": "Mini-lesson slides",
                "url": "https://slides.example.org/7b",
            },
        ],
    )
    services.exemplar_publish(actor=admin, exemplar=exemplar)
    upload = ExemplarArtifact(exemplar=exemplar, kind="document", title="Exit ticket template")
    upload.file.save("ticket.pdf", ContentFile(b"%PDF-1.4 ticket"), save=False)
    upload.content_type = "application/pdf"
    upload.save()

    base = live_server.url
    sign_in(page, base, teacher.email)
    page.goto(f"{base}/learn/exemplars/")
    page.get_by_label("Grade band").select_option(label="Grades 6–8")
    page.get_by_role("button", name="Search").click()
    shot(page, "issue4-9-exemplar-list")
    axe_check(page)
    page.get_by_role("link", name=exemplar.title).click()
    page.get_by_role("heading", name="Why it works").wait_for()
    shot(page, "issue4-10-exemplar-detail")
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exit ticket template").click()
    assert download.value.suggested_filename == "exit-ticket-template.pdf"
