"""State machines and user flows of the business-logic analysis (docs/business.md,
section "Heuristics")."""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Dict, List, Optional, Sequence

from .business_common import base_name, is_manifest, of_categories, step_target


def _stem(path: str) -> str:
    return os.path.splitext(base_name(path))[0]


def _new_machine(name, kind, b) -> dict:
    return {"name": name, "kind": kind, "states": [], "file": b["file"],
            "line_number": b["line_number"], "transitions": [], "business_rules": []}


class _Machines:
    """State machines by name; two declarations of one name in different files are two
    machines (a Kotlin and a Dart ``CartState``)."""

    def __init__(self):
        self.all: List[dict] = []
        self.by_name: Dict[str, List[dict]] = {}

    def find(self, name: str, path: str) -> Optional[dict]:
        """The machine of that name declared in the file, else the only one elsewhere."""
        found = self.by_name.get(name, [])
        here = [m for m in found if m["file"] == path]
        if here:
            return here[0]
        return found[0] if len(found) == 1 else None

    def get(self, name: str, kind: str, b: dict, how: str) -> dict:
        """The machine ``name`` for a business rule that declares it (how="declares": only
        a machine of the same file), has a member of it ("member": of the same file, else
        the only one) or refers to it ("refers": the same)."""
        if how == "declares":
            m = next((x for x in self.by_name.get(name, []) if x["file"] == b["file"]), None)
        else:
            m = self.find(name, b["file"])
        if m is None:
            m = _new_machine(name, kind, b)
            self.all.append(m)
            self.by_name.setdefault(name, []).append(m)
        elif how == "declares":
            m.update(kind=kind, line_number=b["line_number"])
        return m

    def declared_in(self, path: str) -> List[dict]:
        return [m for m in self.all if m["file"] == path and m["kind"] != "inferred"]


def _add_state(m, state, b, transition):
    if state not in m["states"]:
        m["states"].append(state)
    if transition:
        m["transitions"].append({"to": state, "file": b["file"],
                                 "line_number": b["line_number"], "business_rule": b["id"]})
    m["business_rules"].append(b["id"])


def state_machines(business: Sequence[dict]) -> List[dict]:
    """Declarations (a sealed type or enum: ``name``; a member: ``state`` with ``parent``)
    make machines; a transition to ``Parent.State`` joins Parent; a bare state joins, in
    order: a machine of the same file that has it, the only machine declared in the file
    (when the state is an identifier, not a reducer action such as 'cart/add'), a machine
    elsewhere that has it (only one), or a machine named after the file."""
    entries = of_categories(business, "state_machines")
    machines = _Machines()
    # Declarations first, so that transitions anywhere can find their machine.
    for b in entries:
        f = b["fields"]
        if f.get("parent") and f.get("state"):
            _add_state(machines.get(f["parent"], "sealed", b, "member"), f["state"], b, False)
        elif f.get("name") and not f.get("state"):
            kind = "sealed" if "sealed" in b["code_snippet"] else "enum"
            machines.get(f["name"], kind, b, "declares")["business_rules"].append(b["id"])
    for b in entries:
        f = b["fields"]
        state = f.get("state")
        if not state or f.get("parent"):
            continue
        if "." in state:
            parent, _, leaf = state.rpartition(".")
            _add_state(machines.get(parent.rsplit(".", 1)[-1], "inferred", b, "refers"), leaf, b,
                       True)
        else:
            _add_state(_home_of(state, b, machines), state, b, True)
    first = {b["id"]: n for n, b in enumerate(business)}
    return sorted(machines.all, key=lambda m: first[m["business_rules"][0]])


def _home_of(state: str, b: dict, machines: _Machines) -> dict:
    here = machines.declared_in(b["file"])
    for m in here:
        if state in m["states"]:
            return m
    if len(here) == 1 and re.fullmatch(r"\w+", state):
        return here[0]
    elsewhere = [m for m in machines.all if state in m["states"]]
    if len(elsewhere) == 1:
        return elsewhere[0]
    return machines.get(_stem(b["file"]), "inferred", b, "refers")


# ---- user flows ----------------------------------------------------------------------------

FLOW_CATEGORIES = ("authentication", "session", "payments", "deep_links", "navigation")
_ACTIONS = {"navigation": "navigate", "deep_links": "open link", "authentication":
            "authenticate", "session": "session", "payments": "pay"}


def user_flows(business: Sequence[dict]) -> List[dict]:
    """One flow per source file (a screen, a view model, a service) holding navigation, deep
    link, authentication, session or payment steps, the steps in source order; manifests'
    dependency lists are not steps."""
    by_file: Dict[str, List[dict]] = {}
    for b in of_categories(business, *FLOW_CATEGORIES):
        if not is_manifest(b["file"]):
            by_file.setdefault(b["file"], []).append(b)
    flows = []
    for n, (path, steps) in enumerate(by_file.items(), 1):
        counts = Counter(s["category"] for s in steps)
        # the most frequent category; ties go to the earlier one in FLOW_CATEGORIES
        category = max(FLOW_CATEGORIES, key=lambda c: (counts[c], -FLOW_CATEGORIES.index(c)))
        flows.append({
            "id": f"FLOW-{n:02d}", "name": _stem(path), "category": category, "file": path,
            "steps": [{"action": _ACTIONS[s["category"]], "target": step_target(s),
                       "category": s["category"], "file": s["file"],
                       "line_number": s["line_number"], "business_rule": s["id"]}
                      for s in steps],
            "business_rules": [s["id"] for s in steps]})
    return flows
