"""Disjoint sets (union-find): which items end up in one group after pairwise merges."""

from __future__ import annotations


class DisjointSets:
    """Items 0..n-1, each its own group until merged; ``find`` gives a group's representative."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The representative of ``i``'s group (paths halved on the way, so finds stay near O(1))."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, keep: int, other: int) -> int:
        """Merge ``other``'s group into ``keep``'s; return the representative of the merged group."""
        a, b = self.find(keep), self.find(other)
        if a != b:
            self.parent[b] = a
        return a

    def groups(self) -> dict[int, list[int]]:
        """Each group's members in index order, keyed by representative, groups in order of first member."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out
