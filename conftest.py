"""How the suite shares out its work between pytest-xdist's workers.

``make test`` runs pytest with ``-n 2 --dist loadgroup``: each test goes to
whichever worker is free, except tests marked ``xdist_group``, which go to one
worker together. This file marks, so that nobody has to remember to:

- every test that uses a module- or session-scoped fixture of the project's
  own (a graded class, a generated course) shares a group with every other
  test using the same fixture instance, so each class is graded once, not
  once per worker;
- every cell of a notebook run by nbval shares its notebook's group, since
  the cells run in order in one kernel.

Tests that share nothing stay ungrouped and spread over both workers. Slow
tests (marked ``slow``) are handed out first (with ``--no-loadscope-reorder``,
which keeps this order), so that no long test starts last and leaves the
other worker idle.
"""

import inspect
import re
from pathlib import Path

import pytest
from _pytest.nodeid import coerce_node_id

ROOT = Path(__file__).resolve().parent
SHARED_SCOPES = {"module", "package", "session"}
# Session fixtures that cost a second or two to set up: each worker starts its
# own, and the tests using them spread over both workers instead of queueing
# on one (every page test of the website uses both).
PER_WORKER = {"site_url", "browser_context"}


def _own_shared_fixtures(item):
    """Keys of the project's own non-function-scoped fixtures ``item`` uses.

    A module-scoped fixture has one instance per module; a package- or
    session-scoped one, one per worker: the key names the instance.
    """
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    keys = []
    for name in info.names_closure:
        defs = info.name2fixturedefs.get(name)
        if not defs:
            continue
        fixturedef = defs[-1]
        if fixturedef.scope not in SHARED_SCOPES or name in PER_WORKER:
            continue
        try:
            source = Path(inspect.getfile(fixturedef.func)).resolve()
        except TypeError:
            continue
        if ROOT not in source.parents or ".venv" in source.parts:
            continue  # pytest's and plugins' own fixtures (tmp_path_factory, ...)
        where = item.path if fixturedef.scope == "module" else source
        keys.append(f"{Path(where).relative_to(ROOT)}::{name}")
    return keys


def _groups(items):
    """Each item's group name, or None; items sharing a key share a group."""
    parent = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    item_keys = []
    for item in items:
        if isinstance(item, pytest.Function) or type(item).__name__ == "DoctestItem":
            keys = _own_shared_fixtures(item)
        else:  # a notebook's cells (nbval) and other non-Python items: by file
            keys = [str(Path(item.path).relative_to(ROOT))]
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
        item_keys.append(keys)
    return [find(keys[0]) if keys else None for keys in item_keys]


def _group_name(key):
    """A group name without '::' or '/', which node ids give a meaning to."""
    return re.sub(r"[/:]+", "-", key)


def _suffix_group(item, group):
    """Append ``@group`` to the item's node id, as pytest-xdist itself does.

    xdist's scheduler reads the group from that suffix only. xdist 3.8 writes
    it to ``item._nodeid``, which pytest 9.2 no longer reads (the id is in
    ``item._id``), so without this every group would be split across the
    workers and its fixture set up on each.
    """
    if "@" not in item.nodeid.rpartition("]")[2]:
        item._id = coerce_node_id(f"{item.nodeid}@{group}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if getattr(config, "workerinput", None) is None:
        return  # not an xdist worker: keep pytest's order
    groups = [_group_name(g) if g else None for g in _groups(items)]
    for item, group in zip(items, groups, strict=True):
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
            _suffix_group(item, group)
    # Work units (a group, or an ungrouped test's module) holding a slow test
    # go first; each unit stays together and in order, so that a module's
    # fixtures are set up once.
    units = [group or str(item.path) for item, group in zip(items, groups, strict=True)]
    first, slow = {}, set()
    for index, (item, unit) in enumerate(zip(items, units, strict=True)):
        first.setdefault(unit, index)
        if item.get_closest_marker("slow") is not None:
            slow.add(unit)
    order = sorted(
        range(len(items)),
        key=lambda i: (units[i] not in slow, first[units[i]], i),
    )
    items[:] = [items[i] for i in order]
