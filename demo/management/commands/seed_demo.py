"""python manage.py seed_demo: a demo district to click through. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create the Snake River School District demo: organizations, people for every "
        "role, competency frameworks, badges, awards, and evidence submissions in every "
        "status with rubrics, approval policies and placements. Running it again changes "
        "nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DJANGO_ENV=production (demo accounts share a known password).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if getattr(settings, "PRODUCTION", False) and not options["allow_production"]:
            raise CommandError(
                "Refusing to create demo accounts with a shared password in production. "
                "Pass --allow-production if this really is a demo server."
            )
        report = seed_demo()
        extra: list[str] = []
        # Professional learning and coaching demo data build on the district above.
        from demo.coaching_seed import seed_coaching
        from demo.courses_seed import seed_courses
        from demo.dashboard_seed import seed_dashboard
        from demo.pathways_seed import seed_pathways

        seed_courses(out=extra.append)
        seed_coaching(out=extra.append)
        seed_pathways(out=extra.append)
        seed_dashboard(out=extra.append)  # last: it builds on all of the above

        style = self.style
        if report.created_anything:
            made = ", ".join(f"{what} {n}" for what, n in report.created.items() if n)
            self.stdout.write(style.SUCCESS(f"Demo data created - {made}."))
        else:
            self.stdout.write(style.SUCCESS("Demo data is already in place; nothing to do."))
        if options["verbosity"] < 1:
            return
        self.stdout.write(f"CTE welding framework: {report.cte_source}.")
        for line in extra:
            self.stdout.write(line)

        site = settings.SITE_URL
        self.stdout.write("")
        self.stdout.write(style.MIGRATE_HEADING("Demo sign-ins"))
        self.stdout.write(f"  password for everyone: {report.password}")
        width = max(len(s.email) for s in report.sign_ins)
        for s in report.sign_ins:
            self.stdout.write(f"  {s.email:<{width}}  {s.role:<10}  {s.name} - {s.title}")

        self.stdout.write("")
        self.stdout.write(style.MIGRATE_HEADING("What each demo person will find"))
        for found in report.findings:
            self.stdout.write(f"  {found.email}:")
            for line in found.lines or ["nothing waiting"]:
                self.stdout.write(f"    - {line}")

        self.stdout.write("")
        self.stdout.write(style.MIGRATE_HEADING("Places to click"))
        links = [
            ("Sign in", reverse("account_login")),
            ("My badges", reverse("badges:assertion-mine")),
            ("Verify a badge", reverse("badges:verify")),
            ("My evidence", reverse("evidence:submission-list")),
            ("Review queue", reverse("evidence:review-queue")),
            ("Moderation queue", reverse("evidence:moderation-queue")),
            ("Learn (module library)", reverse("courses:module-list")),
            ("My learning", reverse("courses:enrollment-mine")),
            ("Exemplars", reverse("courses:exemplar-list")),
            ("Coaching", "/coaching/"),
            ("My pathways", reverse("pathways:pathway-mine")),
            ("Django admin", reverse("admin:index")),
            ("API docs", reverse("api-docs")),
        ]
        if report.student_assertion_url:
            links.append(("Jordan's Welding Safety badge", report.student_assertion_url))
        if report.revoked_assertion_url:
            links.append(("A revoked badge", report.revoked_assertion_url))
        for label, path in links:
            self.stdout.write(f"  {label + ':':<32} {site}{path}")
