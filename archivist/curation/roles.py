"""People who curate the archive and their roles: editor, publisher, admin.

Roles are Django groups holding the records' permissions, so that the admin, the curators' pages and
the commands all ask Django the same question (`user.has_perm("records.publish_document")`). An admin
is a superuser: every permission, and the people themselves.

The Django models are imported where used: the command line imports this module to list the roles
before the archive (and Django) is set up.
"""

from __future__ import annotations

from typing import NamedTuple

# Describing documents and authority records, their texts, notes, files, links and variant names, and
# judging links; removing a document's parts, never a document or an authority record.
_DESCRIBED = ("document", "text", "note", "attachment", "link", "authority", "variantname")
_PARTS = ("text", "note", "attachment", "link", "variantname")
EDITOR_PERMISSIONS = (
    *(f"{action}_{model}" for model in _DESCRIBED for action in ("view", "add", "change")),
    *(f"delete_{model}" for model in _PARTS),
)
# Publishing, restricting, withdrawing to draft and embargoes; merging authority records that denote
# the same (which removes all but one).
PUBLISHER_PERMISSIONS = (*EDITOR_PERMISSIONS, "publish_document", "merge_authority")

# The site's About page (web.AboutPage), which every curator may write.
SITE_PERMISSIONS = ("view_aboutpage", "add_aboutpage", "change_aboutpage")

# Role -> the records permissions of its group (with SITE_PERMISSIONS); admin has no group: a superuser
# has every permission.
ROLES: dict[str, tuple[str, ...]] = {
    "editor": EDITOR_PERMISSIONS,
    "publisher": PUBLISHER_PERMISSIONS,
    "admin": (),
}
ADMIN = "admin"
GROUP_ROLES = tuple(role for role in ROLES if role != ADMIN)


class PeopleError(ValueError):
    """A person or role that cannot be added or set; the message names the person and the fault."""


class Person(NamedTuple):
    name: str
    role: str  # one of ROLES, or "none" for an account given no role (e.g. made in the admin)
    active: bool
    last_login: str  # ISO date and time, or "never"


def ensure_roles(**kwargs) -> None:
    """Create or update the editor and publisher groups with their permissions (after each migrate)."""
    from django.contrib.auth.models import Group, Permission

    for role in GROUP_ROLES:
        codenames = ROLES[role]
        permissions = list(Permission.objects.filter(content_type__app_label="records",
                                                     codename__in=codenames))
        permissions += Permission.objects.filter(content_type__app_label="web", codename__in=SITE_PERMISSIONS)
        missing = {*codenames, *SITE_PERMISSIONS} - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"role {role}: no such records permissions: {', '.join(sorted(missing))}")
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)


def add_user(name: str, role: str, password: str) -> None:
    """A new person with a role; the password must pass the archive's password rules.

    A refused name, role or password raises PeopleError and stores nothing.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    _check_role(role)
    user = get_user_model()(username=name)
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as error:
        raise PeopleError(f"user {name!r}: {' '.join(error.messages)}") from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
        _give_role(user, role)


def set_role(name: str, role: str) -> None:
    """Give a person another role; the last active admin cannot be made anything else."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    _check_role(role)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(username=name).first()
        if user is None:
            raise PeopleError(f"user {name!r}: no such user")
        others = get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk)
        if user.is_superuser and role != ADMIN and not others.exists():
            raise PeopleError(f"user {name!r}: the archive's only admin; make another admin first")
        _give_role(user, role)


def list_users() -> list[Person]:
    """Every account, by name, with its role."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.order_by("username").prefetch_related("groups")
    return [Person(user.username, role_of(user), user.is_active,
                   user.last_login.isoformat(timespec="seconds") if user.last_login else "never")
            for user in people]


def role_of(user) -> str:
    """The role a user holds: admin for a superuser, else the highest role group, else "none"."""
    if user.is_superuser:
        return ADMIN
    groups = {group.name for group in user.groups.all()}
    return next((role for role in reversed(GROUP_ROLES) if role in groups), "none")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise PeopleError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")


def _give_role(user, role: str) -> None:
    from django.contrib.auth.models import Group

    user.is_staff = True
    user.is_superuser = role == ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([] if role == ADMIN else [Group.objects.get(name=role)])
