"""Badges' forms, by the page they serve. They parse input; services decide."""

from .assertions import PublicToggleForm, RevokeForm
from .records import LearnerRecordForm
from .verify import VerifyForm

__all__ = ["LearnerRecordForm", "PublicToggleForm", "RevokeForm", "VerifyForm"]
