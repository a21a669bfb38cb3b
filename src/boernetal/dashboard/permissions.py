"""What a user may do — adgang: one check, :func:`allowed`, for every page, list, record and
download, the way Datasette decides everything in ``allowed(actor, action, resource)``.

Actions:

- ``figures``: see figures (Overblik, Nøgletal). Everyone logged in. Whether they are the internal
  figures or the published ones (disclosure control) is :func:`published_only`'s answer.
- ``lists``: see the lists of cases that need action and the caseloads (Frister, Sagstal), as
  counts, for a resource (a municipality, a team).
- ``records``: open the records behind a count (drill-down), for a resource.
- ``audit``: read and export the audit log.

A resource is a municipality and a team; ``None`` in it means "all of them" (the whole workspace).
"""

from __future__ import annotations

from dataclasses import dataclass

from .users import User

ACTIONS = ("figures", "lists", "records", "audit")


@dataclass(frozen=True)
class Resource:
    """Whose cases: a municipality (code) and a team; ``None`` = all."""

    municipality: str | None = None
    team: str | None = None


EVERYTHING = Resource()


@dataclass(frozen=True)
class Policy:
    """The workspace's choices (``[dashboard]`` in boernetal.toml)."""

    analysts_see_records: bool = False


def allowed(
    user: User | None, action: str, resource: Resource = EVERYTHING, policy: Policy = Policy()
) -> bool:
    """May ``user`` do ``action`` on ``resource``? No user (not logged in): nothing."""
    if user is None or action not in ACTIONS:
        return False
    if action == "audit":
        return user.role == "admin"
    if action == "figures":
        return True
    if user.role == "leder":
        return within(user.municipality, resource.municipality)
    if user.role == "raadgiver":
        return within(user.municipality, resource.municipality) and within(user.team, resource.team)
    if user.role == "analytiker":
        return action == "lists" or policy.analysts_see_records
    return False  # admin: users and the audit log, not the children's cases


def within(own: str | None, asked: str | None) -> bool:
    """A user scoped to ``own`` may see ``asked`` only when it is the same; unscoped: anything."""
    return own is None or own == asked


def published_only(user: User, policy: Policy = Policy()) -> bool:
    """Figures follow disclosure control (as ``--publish``) for a user who may not see records."""
    return not allowed(user, "records", Resource(user.municipality, user.team), policy)


def narrowed(user: User, asked: Resource) -> Resource:
    """The resource a page is for: what the request asks, with the user's own municipality (and an
    adviser's own team) where the request leaves it open. A request for another's is left as
    asked, so that :func:`allowed` refuses it."""
    team = asked.team or (user.team if user.role == "raadgiver" else None)
    return Resource(asked.municipality or user.municipality, team)
