"""What the librarian chooses to show: hidden, featured, the attract loop, bulletins taken down.

Hidden and featured are item flags in the catalog (`Catalog.set_flags`). An
item from the provincial repository comes with the province's own "featured"
and is written again by every sync that changes it; so the librarian's
featuring or unfeaturing is also kept apart (key `FEATURED_KEY`) and an
update takes it over the province's (`featured_choices`). Hidden needs no such
record: the province never hides, so an update keeps the item's flag. The
attract-loop choice is a list of item ids kept in the catalog's state table
(key `ATTRACT_KEY`): an empty list means "the kiosk's own choice"
(infographics and the newest items). Taking a bulletin down hides it at once;
hidden items are never shown, searched or broadcast.
"""

from __future__ import annotations

import json
from typing import Any

from .catalog import Catalog, Item
from .errors import InvalidInput, NotFound

ATTRACT_KEY = "curation.attract"
FEATURED_KEY = "curation.featured"
MAX_ATTRACT = 30


def featured_choices(catalog: Catalog) -> dict[str, bool]:
    """The librarian's own featured choices by item id (an item not named follows its
    source: the province's index, or unfeatured for what the librarian added)."""
    try:
        value = json.loads(catalog.get_state(FEATURED_KEY) or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): bool(v) for k, v in value.items()}


def set_featured(catalog: Catalog, item_id: str, on: bool) -> Item:
    """Feature an item or not, as the librarian's choice that a sync keeps."""
    with catalog.atomic():
        item = catalog.set_flags(item_id, featured=on)  # NotFound for a wrong id
        choices = featured_choices(catalog)
        choices[item_id] = on
        kept = {i: v for i, v in choices.items() if _exists(catalog, i)}  # removed: forgotten
        catalog.set_state(FEATURED_KEY, json.dumps(kept, sort_keys=True))
    return item


def _exists(catalog: Catalog, item_id: str) -> bool:
    try:
        catalog.get(item_id)
    except NotFound:
        return False
    return True


def attract_ids(catalog: Catalog) -> list[str]:
    """The ids the librarian chose for the attract loop (in order), or []."""
    raw = catalog.get_state(ATTRACT_KEY)
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _chosen_items(catalog: Catalog) -> list[Item]:
    """The chosen attract-loop items that still exist (hidden ones too), in order."""
    out = []
    for item_id in attract_ids(catalog):
        try:
            out.append(catalog.get(item_id))
        except NotFound:  # removed since it was chosen
            continue
    return out


def attract_items(catalog: Catalog) -> list[Item]:
    """The chosen attract-loop items that still exist and are visible."""
    return [item for item in _chosen_items(catalog) if not item.hidden]


def set_attract(catalog: Catalog, item_id: str, on: bool) -> list[str]:
    """Add or remove one item from the attract loop; return the new list."""
    catalog.get(item_id)  # NotFound for a wrong id
    # items removed since they were chosen (a sync, `cafesach remove`) show nowhere: they
    # must not fill the loop's places and refuse the librarian's new choice
    ids = [item.id for item in _chosen_items(catalog) if item.id != item_id]
    if on:
        if len(ids) >= MAX_ATTRACT:
            raise InvalidInput(f"at most {MAX_ATTRACT} items in the attract loop",
                               message_vi=f"Vòng chờ có tối đa {MAX_ATTRACT} mục.")
        ids.append(item_id)
    catalog.set_state(ATTRACT_KEY, json.dumps(ids))
    return ids


def take_down(catalog: Catalog, item_id: str) -> Item:
    """Hide an item at once (a bulletin that must no longer be shown or played).

    It also leaves the attract loop and the station's own broadcast schedule
    (slots left with no bulletin are removed); slots that came with a
    repository are not edited here — the broadcaster skips hidden items.
    """
    with catalog.atomic():
        item = catalog.set_flags(item_id, hidden=True, featured=False)
        set_attract(catalog, item_id, False)
        _drop_from_local_schedule(catalog, item_id)
    return item


def _drop_from_local_schedule(catalog: Catalog, item_id: str) -> None:
    from dataclasses import replace

    from .schedule import Schedule, load_schedule, save_schedule

    schedule = load_schedule(catalog, source="local")
    if not any(item_id in slot.bulletins for slot in schedule.slots):
        return  # nothing to change: the schedule is not rewritten
    slots = []
    for slot in schedule.slots:
        kept = tuple(b for b in slot.bulletins if b != item_id)
        if kept:
            slots.append(replace(slot, bulletins=kept))
    save_schedule(catalog, Schedule(tuple(slots)), source="local")


def curation_row(item: Item, attract: set[str]) -> dict[str, Any]:
    return {"itemId": item.id, "title": item.title, "kind": item.kind,
            "kindName": item.kind_name, "hidden": item.hidden, "featured": item.featured,
            "attract": item.id in attract}
