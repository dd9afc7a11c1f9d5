"""Resolvable designs: rounds in which no two people ever meet twice, where mathematics gives them.

Two constructions cover the classic instances:

* Affine: ``n = p**k`` people are the vectors of GF(p)^k (``p`` prime), tables of ``g = p**m`` are the
  cosets of an ``m``-dimensional subspace ``W``. Two people share a table iff their difference lies in
  ``W``, so rounds built from subspaces that meet only in 0 (a partial spread) never repeat a pair.
  32 people in tables of 4: lines of GF(2)^5, up to 9 rounds.
* Projective packing: ``n = 2**d - 1`` people are the points of PG(d-1, 2), tables of 3 are its lines
  ``{a, b, a xor b}``. A round is a spread (lines covering every point once); rounds with disjoint
  line sets never repeat a pair. For d = 4 this is Kirkman's 15 schoolgirls over 7 days.

Both searches are small depth-first searches with a node limit; they return the rounds they found,
possibly fewer than asked, and the caller fills up the rest by local search.
"""

from __future__ import annotations

import itertools

Rounds = list[list[list[int]]]

_NODE_LIMIT = 200_000
# Packings of larger projective spaces exist but are too deep for a plain search; stay quick.
_PACKING_NODE_LIMIT = 20_000


def resolvable_rounds(people: int, table_size: int, rounds: int) -> Rounds:
    """Up to ``rounds`` rounds of ``people / table_size`` tables with no pair meeting twice."""
    if table_size < 2 or people % table_size != 0 or rounds < 1:
        return []
    affine = _prime_power(people)
    group = _prime_power(table_size)
    if affine and group and affine[0] == group[0] and group[1] < affine[1]:
        return _affine_rounds(affine[0], affine[1], group[1], rounds)
    if table_size == 3 and _is_power_of_two(people + 1) and (people + 1).bit_length() % 2 == 1:
        return _projective_packing_rounds((people + 1).bit_length() - 1, rounds)
    return []


def _prime_power(value: int) -> tuple[int, int] | None:
    """``(p, e)`` with ``value == p**e`` for a prime ``p``, else ``None``."""
    if value < 2:
        return None
    prime = next(d for d in range(2, value + 1) if value % d == 0)
    exponent = 0
    while value % prime == 0:
        value //= prime
        exponent += 1
    return (prime, exponent) if value == 1 else None


def _is_power_of_two(value: int) -> bool:
    return value > 0 and value & (value - 1) == 0


def _to_vector(index: int, prime: int, dimension: int) -> tuple[int, ...]:
    return tuple((index // prime**i) % prime for i in range(dimension))


def _to_index(vector: tuple[int, ...], prime: int) -> int:
    return sum(v * prime**i for i, v in enumerate(vector))


def _span(basis: tuple[tuple[int, ...], ...], prime: int) -> frozenset[int]:
    dimension = len(basis[0])
    elements = set()
    for coefficients in itertools.product(range(prime), repeat=len(basis)):
        vector = tuple(
            sum(c * b[i] for c, b in zip(coefficients, basis, strict=True)) % prime for i in range(dimension)
        )
        elements.add(_to_index(vector, prime))
    return frozenset(elements)


def _affine_rounds(prime: int, dimension: int, sub_dimension: int, rounds: int) -> Rounds:
    size = prime**sub_dimension
    vectors = [_to_vector(i, prime, dimension) for i in range(prime**dimension)]
    subspaces: list[frozenset[int]] = []
    seen: set[frozenset[int]] = set()
    for basis in itertools.combinations(range(1, prime**dimension), sub_dimension):
        span = _span(tuple(vectors[i] for i in basis), prime)
        if len(span) == size and span not in seen:
            seen.add(span)
            subspaces.append(span)
        if len(subspaces) >= 5000:
            break
    chosen = _disjoint_family([s - {0} for s in subspaces], rounds)
    result: Rounds = []
    for index in chosen:
        subspace = sorted(subspaces[index])
        tables: list[list[int]] = []
        placed: set[int] = set()
        for start in range(prime**dimension):
            if start in placed:
                continue
            coset = sorted(
                _to_index(
                    tuple((a + b) % prime for a, b in zip(vectors[start], vectors[w], strict=True)), prime
                )
                for w in subspace
            )
            placed.update(coset)
            tables.append(coset)
        result.append(tables)
    return result


def _disjoint_family(sets: list[frozenset[int]], wanted: int) -> list[int]:
    """Indices of up to ``wanted`` pairwise disjoint sets (depth-first, best found within the limit)."""
    best: list[int] = []
    nodes = 0

    def extend(chosen: list[int], used: frozenset[int], start: int) -> bool:
        nonlocal best, nodes
        nodes += 1
        if len(chosen) > len(best):
            best = list(chosen)
        if len(chosen) == wanted or nodes > _NODE_LIMIT:
            return True
        for i in range(start, len(sets)):
            if not sets[i] & used:
                chosen.append(i)
                if extend(chosen, used | sets[i], i + 1):
                    return True
                chosen.pop()
        return False

    extend([], frozenset(), 0)
    return best


def _projective_packing_rounds(dimension: int, rounds: int) -> Rounds:
    points = (1 << dimension) - 1
    lines_through: dict[int, list[tuple[int, int, int]]] = {p: [] for p in range(1, points + 1)}
    for a in range(1, points + 1):
        for b in range(a + 1, points + 1):
            c = a ^ b
            if c > b:
                line = (a, b, c)
                for p in line:
                    lines_through[p].append(line)
    used_lines: set[tuple[int, int, int]] = set()
    current: list[list[tuple[int, int, int]]] = []
    best: list[list[tuple[int, int, int]]] = []
    nodes = 0

    def fill(spread: list[tuple[int, int, int]], covered: set[int]) -> bool:
        nonlocal nodes, best
        nodes += 1
        if nodes > _PACKING_NODE_LIMIT:
            return True
        if len(covered) == points:
            current.append(list(spread))
            if len(current) > len(best):
                best = [list(s) for s in current]
            if len(current) == rounds or fill([], set()):
                return True
            current.pop()
            return False
        point = next(p for p in range(1, points + 1) if p not in covered)
        for line in lines_through[point]:
            if line in used_lines or any(p in covered for p in line):
                continue
            used_lines.add(line)
            spread.append(line)
            covered.update(line)
            if fill(spread, covered):
                return True
            covered.difference_update(line)
            spread.pop()
            used_lines.discard(line)
        return False

    fill([], set())
    return [[[p - 1 for p in line] for line in spread] for spread in best]
