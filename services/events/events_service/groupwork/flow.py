"""A small min-cost flow (successive shortest paths with Bellman-Ford queues), exact for integer costs.

Sizes here are a few hundred people and a few dozen workshops, so a plain implementation suffices.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class FlowNetwork:
    nodes: int
    # Edge arrays: head, residual capacity, cost; edge e and e ^ 1 are a pair (forward, backward).
    head: list[int] = field(default_factory=list)
    capacity: list[int] = field(default_factory=list)
    cost: list[int] = field(default_factory=list)
    outgoing: list[list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.outgoing = [[] for _ in range(self.nodes)]

    def add_edge(self, tail: int, head: int, capacity: int, cost: int) -> int:
        """Adds an arc and returns its index (its flow is the backward arc's capacity)."""
        index = len(self.head)
        for node, to, cap, price in ((tail, head, capacity, cost), (head, tail, 0, -cost)):
            self.outgoing[node].append(len(self.head))
            self.head.append(to)
            self.capacity.append(cap)
            self.cost.append(price)
        return index

    def flow_on(self, edge: int) -> int:
        return self.capacity[edge ^ 1]

    def min_cost_flow(self, source: int, sink: int, limit: int) -> tuple[int, int]:
        """Sends up to ``limit`` units at least cost; returns (flow, cost)."""
        flow = total = 0
        while flow < limit:
            distance: list[int | None] = [None] * self.nodes
            via: list[int] = [-1] * self.nodes
            distance[source] = 0
            queue = deque([source])
            queued = [False] * self.nodes
            queued[source] = True
            while queue:
                node = queue.popleft()
                queued[node] = False
                base = distance[node]
                assert base is not None
                for edge in self.outgoing[node]:
                    if self.capacity[edge] <= 0:
                        continue
                    to = self.head[edge]
                    candidate = base + self.cost[edge]
                    known = distance[to]
                    if known is None or candidate < known:
                        distance[to] = candidate
                        via[to] = edge
                        if not queued[to]:
                            queued[to] = True
                            queue.append(to)
            reached = distance[sink]
            if reached is None:
                break
            push = limit - flow
            node = sink
            while node != source:
                edge = via[node]
                push = min(push, self.capacity[edge])
                node = self.head[edge ^ 1]
            node = sink
            while node != source:
                edge = via[node]
                self.capacity[edge] -= push
                self.capacity[edge ^ 1] += push
                node = self.head[edge ^ 1]
            flow += push
            total += push * reached
        return flow, total
