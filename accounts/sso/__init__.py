"""Single sign-on through each district's identity providers (django-allauth's
Google, Microsoft, Clever, OpenID Connect and SAML providers)."""

# Set in the session at an SSO sign-in that the provider reported as multi-factor
# (its `amr` claim or SAML AuthnContext) and whose IdentityProvider.trust_idp_mfa is
# on; the two-factor requirement (config.mfa) counts it as Cairn's own second factor.
SESSION_IDP_MFA = "cairn_sso_mfa"
# The public id of the IdentityProvider the current session signed in through.
SESSION_IDP = "cairn_sso_idp"
