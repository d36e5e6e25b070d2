"""Callbacks other apps register to hear that communities' evidence changed.

Higher apps (assessments rescoring a community) cannot be imported from here, so they
register a callback; services call ``communities_changed`` explicitly after the change
(a profile finalised, an import), never from a signal.
"""

from collections.abc import Callable, Iterable

_callbacks: list[Callable[[list[int]], None]] = []


def on_communities_changed(callback: Callable[[list[int]], None]) -> None:
    if callback not in _callbacks:
        _callbacks.append(callback)


def communities_changed(community_ids: Iterable[int]) -> None:
    ids = sorted(set(community_ids))
    if ids:
        for callback in _callbacks:
            callback(ids)
