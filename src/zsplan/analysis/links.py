"""Links between plans, as ``explain`` shows them (plain data; the store finds them).

A plan file says that a target ``feeds`` a target of another plan (a city target counted towards a
provincial one) or that a measure is ``under`` a measure of another plan (a task of the annual work
points, 年度工作要點, carrying out a measure of the action plan). A link is kept whether or not the
other plan is loaded; ``loaded`` says whether its far end was found.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanLink:
    """One link seen from a target.

    Attributes:
        relation: ``feeds`` (a target contributes to another) or ``under`` (a measure carries out another).
        direction: ``out`` (this target, or its measure, links to the other record) or ``in``
            (the other record links to this target, or to its measure).
        kind: what the other record is: ``target`` or ``measure``.
        plan_id: the other record's plan; plan_title its title ("" when that plan is not loaded).
        record_id: the other record's key (its own id when not loaded); name: its name or
            ``number title`` ("" when not loaded).
        loaded: whether the other record is in the database; plan_loaded: whether its plan is (a
            link may name an id its plan does not have).
    """

    relation: str
    direction: str
    kind: str
    plan_id: str
    plan_title: str
    record_id: str
    name: str
    loaded: bool
    plan_loaded: bool = True
