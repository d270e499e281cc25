"""Permissions of the API's own pages (object: an ApiToken). What the API returns follows the pages' rules:
see api/selectors.py."""

import rules

from toptechniek.accounts.rules import is_active_user


@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and token.user_id == user.pk


@rules.predicate
def token_is_revocable(user, token) -> bool:
    return token is not None and token.revoked_at is None


# Every signed-in person may open the API with a token of their own: it reads what their pages read.
rules.add_perm("api.manage_tokens", is_active_user)
rules.add_perm("api.revoke_token", is_active_user & is_token_owner & token_is_revocable)
