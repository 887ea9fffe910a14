"""Award a badge to one person, or to everyone named in a CSV file.

    manage.py award --badge SLUG --email EMAIL [--evidence URL ...] [--narrative TEXT]
    manage.py award --badge SLUG --csv FILE [--dry-run]

Both take ``--actor EMAIL``, the admin on whose authority the award is made
(checked as on the site). Without it the operator running the command is the
authority, and the audit trail names the OS user.

An address no account holds is awarded the badge all the same, as Open Badges 2.0
allows (the assertion names the hashed address and is hosted at once), and is sent an
invitation to sign up; the badge becomes theirs when they confirm the address. Not for
badges whose audience is students: students come from the roster.

Awards go through the one award door, `pathways.services.assertion_award_to_email`
(which awards the account holding the address through `assertion_award`, and any
pathway completed); a CSV file is read as it goes (never whole) and awarded through
`pathways.services.assertions_award_batch`, one transaction per chunk of people, so a
rerun of the same file awards and invites nothing new.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from accounts.models import User
from badges import bulk, hosting, permissions, selectors
from badges.models import BadgeClass
from badges.openbadges.hashing import normalize_email
from badges.openbadges.ob2 import EvidenceItem
from badges.services import Award
from badges.services.assertions import email_award_refusal
from core.errors import ServiceError
from pathways import services
from pathways.services.bulk import plan as bulk_plan

from ._actors import actor_from_option, actor_label


class Command(BaseCommand):
    help = "Award a badge to one person (--email) or to everyone in a CSV file (--csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--badge", required=True, metavar="SLUG", help="The badge's slug.")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument(
            "--email",
            metavar="EMAIL",
            help=(
                "The recipient's e-mail address: their account's, or an address without "
                "one (awarded to the address, and invited to sign up)."
            ),
        )
        who.add_argument(
            "--csv",
            metavar="FILE",
            help=(
                "A UTF-8 CSV file with a header row: email (required), evidence_url, "
                "evidence_narrative, narrative."
            ),
        )
        parser.add_argument(
            "--evidence",
            action="append",
            default=[],
            metavar="URL",
            help="A link to evidence (repeatable; with --email).",
        )
        parser.add_argument(
            "--narrative", default="", help="How the badge was earned (with --email)."
        )
        parser.add_argument(
            "--actor", metavar="EMAIL", help="The admin on whose authority the badge is awarded."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and award nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["csv"] and (options["evidence"] or options["narrative"]):
            raise CommandError(
                "--evidence and --narrative go with --email; a CSV file carries its own "
                "evidence_url, evidence_narrative and narrative columns."
            )
        badge_class = self._badge_class(options["badge"])
        actor = actor_from_option(options["actor"])
        if actor is not None and not permissions.can_award(actor, badge_class.issuer):
            raise CommandError(f"{actor.email} may not award badges for {badge_class.issuer.name}.")
        if options["csv"]:
            self._award_file(badge_class, actor, Path(options["csv"]), options)
        else:
            self._award_one(badge_class, actor, options)

    def _badge_class(self, slug: str) -> BadgeClass:
        badge_class = selectors.badge_class_by_slug(slug=slug.strip())
        if badge_class is None:
            raise CommandError(f"No badge with the slug {slug!r}.")
        if badge_class.status != BadgeClass.Status.ACTIVE:
            raise CommandError(
                f"“{badge_class.name}” is {badge_class.get_status_display().lower()}, "
                "not active; it cannot be awarded."
            )
        return badge_class

    def _award(
        self,
        badge_class: BadgeClass,
        actor: User | None,
        email: str,
        *,
        evidence: Sequence[EvidenceItem],
        narrative: str,
    ) -> Award:
        return services.assertion_award_to_email(
            actor=actor,
            badge_class=badge_class,
            email=email,
            evidence=evidence,
            narrative=narrative,
            actor_label=actor_label("award", actor),
            # Only the operator, who holds the server, acts without a check.
            check_permission=actor is not None,
        )

    def _award_one(
        self, badge_class: BadgeClass, actor: User | None, options: dict[str, Any]
    ) -> None:
        problem = bulk.email_problem(options["email"])
        if problem is not None:
            raise CommandError(problem[0].upper() + problem[1:] + ".")
        email = normalize_email(options["email"])
        for url in options["evidence"]:
            problem = bulk.evidence_url_problem(url)
            if problem is not None:
                raise CommandError(problem[0].upper() + problem[1:] + ".")
        recipient = services.accounts_holding([email]).get(email)
        name = badge_class.name
        if recipient is None and (refusal := email_award_refusal(badge_class)):
            raise CommandError(f"No account for {email}. {refusal}")

        if options["dry_run"]:
            if recipient is None:
                if email in bulk_plan.unclaimed_holders(badge_class, [email]):
                    self.stdout.write(
                        f"Dry run: {email} was awarded “{name}” already (no account has "
                        "claimed it yet). Nothing changed."
                    )
                else:
                    self.stdout.write(
                        f"Dry run: would award “{name}” to {email}, who has no account, "
                        "and invite them. Nothing changed."
                    )
            elif recipient.pk in bulk_plan.holder_ids(badge_class, [recipient.pk]):
                self.stdout.write(f"Dry run: {email} already holds “{name}”. Nothing changed.")
            else:
                self.stdout.write(f"Dry run: would award “{name}” to {email}. Nothing changed.")
            return

        try:
            award = self._award(
                badge_class,
                actor,
                email,
                evidence=tuple(EvidenceItem(url=url) for url in options["evidence"]),
                narrative=options["narrative"].strip(),
            )
        except (ServiceError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        assertion = award.assertion
        if award.created and not assertion.is_claimed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Awarded “{name}” to {email}, who has no account yet; an invitation "
                    "to sign up goes to that address. The badge is theirs once they "
                    "confirm it."
                )
            )
        elif award.created:
            self.stdout.write(self.style.SUCCESS(f"Awarded “{name}” to {email}."))
        elif not assertion.is_claimed:
            self.stdout.write(
                f"Already awarded: {email} was awarded “{name}” on "
                f"{assertion.issued_on:%Y-%m-%d} and invited (not claimed yet); nothing "
                "changed, no new invitation."
            )
        else:
            self.stdout.write(
                f"Already held: {email} has held “{name}” since {assertion.issued_on:%Y-%m-%d}; "
                "nothing changed."
            )
        self.stdout.write(hosting.assertion_url(assertion))

    def _lines(self, path: Path) -> Iterator[bulk.AwardRow | bulk.RowError]:
        """The file's lines, read as they are used (never the whole file at once)."""
        with self._open(path) as f:
            yield from bulk.iter_award_csv(f)

    @contextmanager
    def _open(self, path: Path) -> Iterator[TextIO]:
        """The file open for reading; what goes wrong reading it is a CommandError."""
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                yield f
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path}: The file is not UTF-8 text (undecodable byte at offset "
                f"{exc.start} of a block). Save it as “CSV UTF-8” and try again. "
                "Nothing was awarded."
            ) from exc
        except bulk.CsvFileError as exc:
            raise CommandError(f"{path}: {exc} Nothing was awarded.") from exc

    def _award_file(
        self, badge_class: BadgeClass, actor: User | None, path: Path, options: dict[str, Any]
    ) -> None:
        # Read twice, each time as it goes: first to check the file as a whole (nothing
        # is awarded from a file that is unusable) and count its lines, then to check
        # each line and award them a chunk at a time.
        with self._open(path) as f:
            total = bulk.count_award_csv(f)
        counts = {"awarded": 0, "invited": 0, "already held": 0}
        bad = 0
        # tqdm draws with carriage returns, so it gets the raw stream, not Django's
        # OutputWrapper (which ends every write with a newline).
        progress = tqdm(
            total=total,
            desc=f"Awarding {badge_class.slug}",
            unit="line",
            file=getattr(self.stderr, "_out", self.stderr),
            disable=options["dry_run"] or not self.stderr.isatty(),
        )
        chunk: list[bulk.AwardRow | bulk.RowError] = []

        def flush() -> None:
            nonlocal bad
            rows = [line for line in chunk if isinstance(line, bulk.AwardRow)]
            done = (
                self._dry_run(badge_class, rows)
                if options["dry_run"]
                else self._award_rows(badge_class, actor, rows)
            )
            progress.update(len(chunk))
            for line in chunk:
                if isinstance(line, bulk.RowError):
                    key, text = "", f"line {line.line}: bad line: {line.message}"
                else:
                    key, text = done[line.line]
                if key:
                    counts[key] += 1
                else:
                    bad += 1
                if options["verbosity"] >= 1:
                    self.stdout.write(text)
            chunk.clear()

        for line in self._lines(path):
            chunk.append(line)
            if len(chunk) >= services.BATCH_SIZE:
                flush()
        flush()
        progress.close()

        summary = (
            f"awarded {counts['awarded']}, invited {counts['invited']}, "
            f"already held {counts['already held']}, bad lines {bad}"
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing changed: would have {summary}.")
        else:
            self.stdout.write(summary[0].upper() + summary[1:] + ".")
        if bad:
            raise CommandError(
                f"{bad} line(s) of {path} were bad (listed above); the other lines were processed."
            )

    def _dry_run(
        self, badge_class: BadgeClass, rows: list[bulk.AwardRow]
    ) -> dict[int, tuple[str, str]]:
        """What awarding would do to each line: (count, report line)."""
        would = {
            bulk_plan.AWARD: ("awarded", "would award"),
            bulk_plan.INVITE: ("invited", "would award to the address and invite"),
            bulk_plan.HELD: ("already held", "already held by"),
        }
        done = {}
        for line in bulk_plan.plan_rows(badge_class=badge_class, rows=rows, invite=True).lines:
            if line.outcome == bulk_plan.ERROR:
                done[line.line] = ("", f"line {line.line}: bad line: {line.reason}")
            else:
                key, words = would[line.outcome]
                done[line.line] = (key, f"line {line.line}: {words} {line.email}")
        return done

    def _award_rows(
        self, badge_class: BadgeClass, actor: User | None, rows: list[bulk.AwardRow]
    ) -> dict[int, tuple[str, str]]:
        """Award a chunk through the door in one transaction: (count, report line)."""
        try:
            results = services.assertions_award_batch(
                actor=actor,
                badge_class=badge_class,
                recipients=rows,
                actor_label=actor_label("award", actor),
                # Only the operator, who holds the server, acts without a check.
                check_permission=actor is not None,
            )
        except (ServiceError, PermissionDenied) as exc:
            return {row.line: ("", f"line {row.line}: bad line: {exc}") for row in rows}
        words = {"awarded": "awarded", "invited": "invited", "held": "already held"}
        done = {}
        for row, result in zip(rows, results, strict=True):
            if result.assertion is None:
                done[row.line] = ("", f"line {row.line}: bad line: {result.reason}")
            else:
                key = words[result.outcome]
                url = hosting.assertion_url(result.assertion)
                done[row.line] = (key, f"line {row.line}: {key} {row.email} {url}")
        return done
