"""Rows every app writes: the audit trail (with the names of every audited action),
workflow history, and in-app notices with each person's choice of how they are e-mailed."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    USER_PROFILE_PUBLIC = "user.profile_public", "Public profile switched"
    PROFILE_REQUEST_CREATE = "profile_request.create", "Public profile approval asked"
    PROFILE_REQUEST_DECIDE = "profile_request.decide", "Public profile request decided"
    PROFILE_REQUEST_WITHDRAW = "profile_request.withdraw", "Public profile request withdrawn"
    DISTRICT_SETTINGS_UPDATE = "district_settings.update", "District settings changed"
    ROSTER_IMPORTED = "roster.imported", "Roster imported (OneRoster)"
    ROSTER_IMPORT_PREVIEW = "roster.import_preview", "Roster file checked (preview)"
    ROSTER_IMPORT_CONFIRM = "roster.import_confirm", "Roster import confirmed"
    ROSTER_IMPORT_FINISH = "roster.import_finish", "Roster import finished"
    ROSTER_CONNECTION_UPDATE = "roster.connection_update", "SIS connection changed"
    ROSTER_PULL = "roster.pull", "Roster pull from the SIS started"
    FRAMEWORK_IMPORT_CASE = "framework.import_case", "Framework imported (CASE)"
    ISSUER_CREATE = "issuer.create", "Issuer created"
    ISSUER_UPDATE = "issuer.update", "Issuer changed"
    ISSUERKEY_CREATE = "issuerkey.create", "Signing key created"
    ISSUERKEY_ROTATE = "issuerkey.rotate", "Signing key rotated"
    BADGECLASS_CREATE = "badgeclass.create", "Badge class created"
    BADGECLASS_UPDATE = "badgeclass.update", "Badge class changed"
    BADGECLASS_SET_IMAGE = "badgeclass.set_image", "Badge image set"
    BADGECLASS_STATUS = "badgeclass.status", "Badge class status changed"
    BADGECLASS_LINKS = "badgeclass.links", "Badge class curriculum links set"
    ASSERTION_AWARD = "assertion.award", "Badge awarded"
    ASSERTION_REVOKE = "assertion.revoke", "Badge revoked"
    ASSERTION_SUPERSEDE = "assertion.supersede", "Expired badge renewed"
    ASSERTION_SET_PUBLIC = "assertion.set_public", "Badge shown or hidden on profile"
    ASSERTION_INVITE = "assertion.invite", "Recipient without an account invited"
    ASSERTION_CLAIM = "assertion.claim", "Badge claimed by a verified e-mail"
    CREDIT_AGREEMENT_RECORD = "credit_agreement.record", "Credit agreement recorded"
    CREDIT_AGREEMENT_WITHDRAW = "credit_agreement.withdraw", "Credit agreement withdrawn"
    ENDORSEMENT_CREATE = "endorsement.create", "Endorsement recorded"
    ENDORSEMENT_WITHDRAW = "endorsement.withdraw", "Endorsement withdrawn"
    PATHWAY_CREATE = "pathway.create", "Pathway created"
    PATHWAY_REQUIREMENT_ADD = "pathway.requirement_add", "Pathway requirement added"
    PATHWAY_REQUIREMENT_REMOVE = "pathway.requirement_remove", "Pathway requirement removed"
    PATHWAY_STATUS = "pathway.status", "Pathway status changed"
    PATHWAY_ALERT = "pathway.alert", "Pathway constituent revoked"
    PATHWAY_ALERT_RESOLVE = "pathway.alert_resolve", "Pathway alert resolved"
    BULK_AWARD_CONFIRM = "bulk_award.confirm", "Bulk award confirmed"
    BULK_AWARD_FINISH = "bulk_award.finish", "Bulk award finished"
    RUBRIC_CREATE = "rubric.create", "Rubric created"
    RUBRIC_UPDATE = "rubric.update", "Rubric changed"
    APPROVAL_POLICY_CREATE = "approval_policy.create", "Approval policy created"
    APPROVAL_POLICY_UPDATE = "approval_policy.update", "Approval policy changed"
    NOTICE_PREFERENCE_SET = "notice_preference.set", "Notice e-mail choice changed"
    SUBMISSION_START = "submission.start", "Submission started"
    SUBMISSION_SUBMIT = "submission.submit", "Submission submitted"
    SUBMISSION_WITHDRAW = "submission.withdraw", "Submission withdrawn"
    SUBMISSION_REVISE = "submission.revise", "Submission revised"
    SUBMISSION_EVIDENCE_PUBLIC = "submission.evidence_public", "Evidence made public or private"
    SUBMISSION_REVIEWER_NOTE = "submission.reviewer_note", "Reviewer note added"
    ARTIFACT_ADD = "artifact.add", "Evidence added"
    ARTIFACT_REMOVE = "artifact.remove", "Evidence removed"
    REVIEW_SUBMIT = "review.submit", "Review recorded"
    MODERATION_CONFIRM = "moderation.confirm", "Approval confirmed by moderation"
    MODERATION_FLAG = "moderation.flag", "Approval flagged by moderation"
    MODERATION_RESOLVE = "moderation.resolve", "Flagged approval resolved"
    MODULE_CREATE = "module.create", "Module created"
    MODULE_UPDATE = "module.update", "Module changed"
    MODULE_STEP_ADD = "module.step_add", "Module step added"
    MODULE_STEP_MOVE = "module.step_move", "Module step moved"
    MODULE_STEP_REMOVE = "module.step_remove", "Module step removed"
    MODULE_PUBLISH = "module.publish", "Module published"
    MODULE_RETIRE = "module.retire", "Module retired"
    MODULE_NEW_VERSION = "module.new_version", "Module version started"
    MODULE_ASSIGN = "module.assign", "Module assigned"
    COHORT_CREATE = "cohort.create", "Cohort created"
    ENROLLMENT_START = "enrollment.start", "Module started"
    ENROLLMENT_FINISH = "enrollment.finish", "Module finished"
    EXEMPLAR_CREATE = "exemplar.create", "Exemplar created"
    EXEMPLAR_PROPOSE = "exemplar.propose", "Exemplar proposed"
    EXEMPLAR_PUBLISH = "exemplar.publish", "Exemplar published"
    EXEMPLAR_DECLINE = "exemplar.decline", "Exemplar declined"
    COACHING_ASSIGN = "coaching.assign", "Teacher added to a caseload"
    COACHING_ASSIGNMENT_END = "coaching.assignment_end", "Coaching assignment ended"
    COACHING_SESSION_LOG = "coaching.session_log", "Coaching session logged"
    COACHING_GOAL_CREATE = "coaching.goal_create", "Goal set"
    COACHING_GOAL_STATUS = "coaching.goal_status", "Goal status changed"
    COACHING_GOAL_LINK = "coaching.goal_link", "Goal linked"
    COACHING_ACTION_STEP_ADD = "coaching.action_step_add", "Action step added"
    COACHING_ACTION_STEP_DONE = "coaching.action_step_done", "Action step done"
    COACHING_RECOMMEND = "coaching.recommend", "Module recommended"
    COACHING_RECOMMENDATION_DISMISS = "coaching.recommendation_dismiss", "Recommendation dismissed"
    IDENTITY_PROVIDER_CREATE = "identity_provider.create", "Sign-in provider added"
    IDENTITY_PROVIDER_UPDATE = "identity_provider.update", "Sign-in provider changed"
    IDENTITY_PROVIDER_SET_ENABLED = "identity_provider.set_enabled", "Sign-in provider switched"
    SSO_CONNECT = "sso.connect", "Single sign-on connected to an account"
    SSO_ACCOUNT_CREATE = "sso.account_create", "Account created at first single sign-on"
    SSO_REFUSED = "sso.refused", "Single sign-on refused"
    MFA_ADD = "mfa.add", "Second factor added"
    MFA_REMOVE = "mfa.remove", "Second factor removed"
    MFA_RESET = "mfa.reset", "Recovery codes made anew"


class AuditEntry(models.Model):
    """An append-only record of a consequential action and who took it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    actor_label = models.CharField(
        max_length=200, help_text=_("Who acted, as written at the time (user or command).")
    )
    # One of `AuditAction` (checked by the writer; not a choices field, so that a new
    # action needs no migration).
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        # The ordering's (the admin's list); it serves ranges of `created_at` too.
        indexes = [models.Index(fields=["-created_at", "-id"], name="auditentry_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_id}"


class Transition(models.Model):
    """One status move made through a workflow (`core.workflow`): who, when, from, to, why.

    Submissions keep their own richer history (evidence.StatusChange, with the
    version); every other workflow writes here.
    """

    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    field = models.CharField(max_length=40, default="status")
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    move = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transitions",
    )
    actor_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "created_at"], name="transition_target_idx"
            ),
            # The ordering's (the admin's list).
            models.Index(fields=["created_at", "id"], name="transition_list_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.target_type} {self.target_id}: {self.from_status or '∅'} → {self.to_status}"


class Notification(models.Model):
    """An in-app notice to one person, also e-mailed: at once, or in their daily digest
    (`NoticePreference`). Written only by `core.notices.notify`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by e-mail (alone or in a digest); empty: not yet (or never, for
    # an account without an address).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message


class NoticePreference(models.Model):
    """How one person wants their notices e-mailed. No row: at once."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Straight away, one e-mail per notice")
        DIGEST = "digest", _("Once a day, in one digest e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.IMMEDIATE)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"
