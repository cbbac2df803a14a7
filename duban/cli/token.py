"""``duban token``: API tokens for scripts and integrations.

``duban token create USERNAME [--name N]`` prints a new bearer token once (only its hash is
stored); ``duban token revoke PREFIX|TOKEN`` or ``duban token revoke --user USERNAME``
revokes; ``duban token list [USERNAME]`` shows tokens without their secret.
"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("token", help="create, list and revoke API tokens",
                       description="API tokens for scripts and integrations (Authorization: Bearer TOKEN).")
    actions = p.add_subparsers(dest="token_command", metavar="ACTION")
    c = actions.add_parser("create", help="print a new token for USERNAME (shown once)")
    c.add_argument("username", metavar="USERNAME")
    c.add_argument("--name", default="command line", help="what the token is for (default: command line)")
    c.set_defaults(handler=run_create)
    r = actions.add_parser("revoke", help="revoke a token (by its 8-character prefix or the whole token) or all of a user's")
    r.add_argument("token", nargs="?", metavar="PREFIX|TOKEN")
    r.add_argument("--user", metavar="USERNAME", help="revoke every token of this user")
    r.set_defaults(handler=run_revoke)
    ls = actions.add_parser("list", help="list tokens (prefix, user, name, last use)")
    ls.add_argument("username", nargs="?", metavar="USERNAME")
    ls.set_defaults(handler=run_list)
    p.set_defaults(handler=lambda args: p.print_help() or 2)


def _setup():
    from duban.cli.web import _django, _migrate

    _django()
    _migrate()


def _user(username: str):
    from django.contrib.auth import get_user_model

    from duban.cli import CommandError
    from duban.web.accounts.roles import role_of

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}")
    if not user.is_active or not role_of(user):
        raise CommandError(f"user {username!r} has no role in the ledger (or is inactive): a token would be refused")
    return user


def run_create(args) -> int:
    _setup()
    from duban.cli import CommandError
    from duban.web.accounts.models import ApiToken
    from duban.web.audit.events import Action
    from duban.web.audit.record import record
    from duban.web.ledger.validation import Invalid, name

    try:
        label = name(args.name, "--name")
    except Invalid as exc:
        raise CommandError(exc.message) from None
    user = _user(args.username)
    token, raw = ApiToken.issue(user, label)
    record(None, Action.TOKEN_ISSUED, token, {"user": user.get_username(), "via": "command line"})
    print(raw)
    return 0


def run_revoke(args) -> int:
    _setup()
    from duban.cli import CommandError
    from duban.web.accounts.models import ApiToken, hash_token
    from duban.web.audit.events import Action
    from duban.web.audit.record import record

    if bool(args.token) == bool(args.user):
        raise CommandError("name a token (its prefix or the whole token) or --user USERNAME, not both")
    tokens = ApiToken.objects.filter(revoked=False)
    if args.user:
        tokens = tokens.filter(user__username=args.user)
    elif args.token.startswith("dbn_") and len(args.token) > 12:
        tokens = tokens.filter(key_hash=hash_token(args.token))
    else:
        tokens = tokens.filter(prefix=args.token)
    found = list(tokens)
    if not found:
        raise CommandError("no such active token")
    if len(found) > 1 and not args.user:
        raise CommandError(f"{len(found)} tokens share the prefix {args.token!r}: give the whole token")
    for token in found:
        token.revoked = True
        token.save(update_fields=["revoked"])
        record(None, Action.TOKEN_REVOKED, token, {"user": token.user.get_username(), "via": "command line"})
    print(f"revoked {len(found)} token{'s' if len(found) != 1 else ''}")
    return 0


def run_list(args) -> int:
    _setup()
    from duban.web.accounts.models import ApiToken

    tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
    if args.username:
        tokens = tokens.filter(user__username=args.username)
    for t in tokens:
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        state = "revoked" if t.revoked else "active"
        print(f"{t.prefix}  {t.user.get_username():<16} {state:<8} used {used:<16} {t.name}")
    return 0
