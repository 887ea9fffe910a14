"""The coaching flow from issue 5, as people do it in a browser.

A coach, on a phone between classes, logs a session with shared and private notes and a
follow-up date, then recommends a module; the teacher signs in and sees the shared notes
and the recommendation, and never the private note.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Membership
from coaching import services
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.conftest import build_module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # what UserFactory sets
PHONE = {"width": 390, "height": 844}
SHARED = "Students used mini whiteboards well; the exit ticket split the class in two."
NEXT = "Regroup tomorrow from the exit ticket."
PRIVATE = "Mentioned a hard week at home; check in gently."


def sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    # Each role lands on its own page (console.selectors.home); these steps start at My badges.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{base}/badges/mine/")


@pytest.fixture
def phone(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def build_world():
    school = SchoolFactory(name="Canyon Middle School")
    district = school.parent
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    coach = MembershipFactory(
        organization=school, role=Membership.Role.COACH, user__name="Rosa Coach"
    ).user
    teacher = MembershipFactory(
        organization=school, role=Membership.Role.TEACHER, user__name="Tom Teacher"
    ).user
    competency = CompetencyFactory(
        code="ET.1.3", statement="Uses formative assessment data to adjust instruction."
    )
    module = build_module(coach, district, competency=competency)
    services.assignment_create(actor=admin, coach=coach, teacher=teacher, school=school)
    return coach, teacher, competency, module


def test_coach_logs_a_session_on_a_phone_and_the_teacher_sees_shared_notes_only(
    phone, page, live_server, shot, axe_check
):
    coach, teacher, competency, module = build_world()
    base = live_server.url
    follow_up = timezone.localdate() + datetime.timedelta(days=7)

    # The coach, on a phone: caseload, then the session form.
    sign_in(phone, base, coach.email)
    phone.get_by_role("button", name="Menu").click()  # the phone's menu opens from its button
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="My caseload").click()
    phone.get_by_role("heading", name="My caseload").wait_for()
    shot(phone, "issue5-1-phone-caseload")
    phone.get_by_role("link", name=f"Log a session — {teacher.name}").click()
    phone.get_by_role("heading", name=f"Log a session with {teacher.name}").wait_for()
    assert phone.get_by_label("Session date").input_value() == timezone.localdate().isoformat()
    assert phone.get_by_label("Minutes").input_value() == "30"
    axe_check(phone)
    shot(phone, "issue5-2-phone-session-form")

    phone.get_by_label("Kind of session").select_option(label="Debrief")
    phone.get_by_label("Minutes").fill("40")
    phone.get_by_text("Focus competencies (optional)", exact=True).click()
    phone.get_by_label(f"{competency.code} — {competency.statement}").check()
    phone.get_by_label("Shared notes").fill(SHARED)
    phone.get_by_label("Next steps").fill(NEXT)
    phone.get_by_label("Private notes").fill(PRIVATE)
    phone.get_by_label("Follow-up date (optional)").fill(follow_up.isoformat())
    shot(phone, "issue5-3-phone-session-filled")
    phone.get_by_role("button", name="Save the session").click()

    # Straight after saving: recommend a module (optional).
    phone.get_by_role("heading", name=f"Recommend a module to {teacher.name}").wait_for()
    phone.get_by_text("The session was saved.").wait_for()
    axe_check(phone)
    phone.get_by_label("Module").select_option(label=f"{module.title} ({module.minutes} min)")
    phone.get_by_label("Note to the teacher (optional)").fill("Ten minutes, then try it Friday.")
    shot(phone, "issue5-4-phone-recommend")
    phone.get_by_role("button", name="Recommend").click()

    # The coach's teacher page: their own private note is there, marked as theirs.
    phone.get_by_role("heading", name=teacher.name, exact=True).wait_for()
    phone.get_by_text(f"“{module.title}” was recommended to {teacher.name}.").wait_for()
    assert PRIVATE in phone.content()
    axe_check(phone)
    shot(phone, "issue5-5-phone-teacher-page")

    # A goal written together, linked to the module, with a step for the teacher.
    phone.get_by_role("link", name="Add a goal").click()
    phone.get_by_role("textbox", name="Goal").fill("Use exit-ticket data to plan the next lesson")
    phone.get_by_label(f"{module.title} ({module.minutes} min)").check()
    axe_check(phone)
    phone.get_by_role("button", name="Add the goal").click()
    phone.get_by_text("The goal was added.").wait_for()
    phone.get_by_text("Add an action step").click()
    phone.get_by_role("textbox", name="Step").fill("Sort Friday's tickets into three piles")
    phone.get_by_role("button", name="Add the step").click()
    phone.get_by_text("The step was added.").wait_for()
    shot(phone, "issue5-6-phone-goal")

    # The caseload shows the follow-up.
    phone.get_by_role("link", name="My caseload").first.click()
    phone.get_by_role("heading", name="My caseload").wait_for()
    assert follow_up.strftime("%b %-d, %Y") in phone.content()

    # The teacher signs in and opens their coaching page.
    sign_in(page, base, teacher.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My coaching").click()
    page.get_by_role("heading", name="My coaching").wait_for()
    page.get_by_text(SHARED).wait_for()
    page.get_by_text(NEXT).wait_for()
    page.get_by_role("link", name=module.title).first.wait_for()
    page.get_by_text("Ten minutes, then try it Friday.").wait_for()
    page.get_by_text(f"Module not finished yet: {module.title}").wait_for()
    content = page.content()
    assert PRIVATE not in content
    assert "hard week" not in content
    axe_check(page)
    shot(page, "issue5-7-teacher-my-coaching")
    page.get_by_role("button", name="Mark done — Sort Friday's tickets into three piles").click()
    page.get_by_text("The step is marked done.").wait_for()
    page.get_by_role("button", name="Mark in progress — Use exit-ticket data").click()
    page.get_by_text("The goal is now “In progress”.").wait_for()

    # The teacher on a phone too: the same page, single column.
    phone.context.clear_cookies()
    sign_in(phone, base, teacher.email)
    phone.goto(f"{base}/coaching/me/")
    assert PRIVATE not in phone.content()
    shot(phone, "issue5-8-phone-teacher-my-coaching")


def test_admin_reassigns_a_teacher_and_reads_the_report(page, live_server, shot, axe_check):
    _, _, competency, _ = build_world()  # another district, which this admin never sees
    school = SchoolFactory(name="Riverside Elementary")
    district = school.parent
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    coach2 = MembershipFactory(
        organization=school, role=Membership.Role.COACH, user__name="Cal Coach"
    ).user
    coach3 = MembershipFactory(
        organization=school, role=Membership.Role.COACH, user__name="Dee Coach"
    ).user
    today = timezone.localdate()
    big, small = [], []
    for i in range(12):
        t = MembershipFactory(
            organization=school, role=Membership.Role.TEACHER, user__name=f"Teacher {i:02d}"
        ).user
        services.assignment_create(actor=admin, coach=coach2, teacher=t, school=school)
        big.append(t)
    other = SchoolFactory(name="Tiny Charter School", parent=district)
    for i in range(2):
        t = MembershipFactory(
            organization=other, role=Membership.Role.TEACHER, user__name=f"Small {i}"
        ).user
        services.assignment_create(actor=admin, coach=coach2, teacher=t, school=other)
        small.append(t)
    for t in big + small:
        services.session_log(
            actor=coach2,
            teacher=t,
            held_on=today,
            minutes=30,
            kind="observation",
            focus=[competency],
            private_notes=PRIVATE,
        )
    base = live_server.url

    sign_in(page, base, admin.email)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Caseloads", exact=True
    ).click()
    page.get_by_role("heading", name="Caseloads", exact=True).wait_for()
    page.get_by_role("link", name="Reassign — Teacher 00").click()
    page.get_by_role("combobox", name="Coach").select_option(label=f"Dee Coach ({coach3.email})")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("Teacher 00 is on Dee Coach's caseload.").wait_for()
    history = page.get_by_role("table", name="Ended assignments, most recent first")
    history.get_by_role("row", name="Teacher 00 Cal Coach").wait_for()
    assert "Rosa Coach" not in page.content()  # another district's caseloads
    axe_check(page)
    shot(page, "issue5-9-admin-caseloads")

    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("heading", name="Coaching report").wait_for()
    page.get_by_role("img", name="Coaching minutes by school").wait_for()
    assert "fewer than 10 teachers" in page.content()
    assert PRIVATE not in page.content()
    axe_check(page)
    shot(page, "issue5-10-admin-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Riverside Elementary,12,12,360" in body
    assert "Tiny Charter School,<10,suppressed,suppressed" in body
    assert PRIVATE not in body
