"""Two-factor authentication (allauth.mfa) and the districts' requirement of it.

allauth.mfa does the enrolling and the asking: authenticator apps (TOTP), passkeys and
security keys (WebAuthn), recovery codes. Cairn adds who must use it
(`requirement.mfa_required`: a district with `DistrictSettings.require_mfa` on, for
its admins and for everyone who may review its minors' evidence), when a session
counts as having passed it (`requirement.session_passed_mfa`: a Cairn second factor,
or a single sign-on the district's provider reported as multi-factor where the district
trusts it), and the middleware that walks such a person through enrolment and keeps
them off every other page until then (`middleware.MFARequiredMiddleware`).

It sits in `config`, the top layer, because it asks the evidence and coaching apps'
rules who reviews whom.
"""
