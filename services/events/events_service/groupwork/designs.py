"""Resolvable designs: rounds in which no two people ever meet twice, where mathematics gives them.

Each construction is named after what it is; ``design_for`` picks the one that gives the most rounds.

* **Transversal design from mutually orthogonal Latin squares** (``transversal_design_rounds``):
  over a field GF(Q) (or a product of fields, MacNeish's construction), the squares
  ``L_x(a, b) = a·x + b`` for ``x != 0`` are ``Q - 1`` mutually orthogonal Latin squares. Person
  ``(x, y)`` (``g <= Q - 1`` values of ``x``, all ``Q`` values of ``y``) sits in round ``a`` at table
  ``y - a·x``: ``g·Q`` people, ``Q`` tables of ``g``, up to ``Q`` rounds, nobody meets anyone twice
  and nobody sits at a table twice (``x != 0``). Covers 32 people at 8 tables of 4 over 8 rounds
  and 40 at 8 tables of 5.
* **Affine plane** AG(2, q) for a prime power ``q`` (``affine_plane_rounds``): ``q²`` people, ``q``
  tables of ``q``, the ``q + 1`` parallel classes of lines as rounds, zero repeats.
* **Affine subspaces** (``_affine_rounds``): ``n = p**k`` people are the vectors of GF(p)^k, tables of
  ``g = p**m`` are the cosets of ``m``-dimensional subspaces that meet only in 0 (a partial
  spread). 32 people in tables of 4: lines of GF(2)^5, up to 9 rounds.
* **Kirkman triple system** KTS(3q) for a prime power ``q = 6t + 1`` (``kirkman_rounds``): points
  GF(q) × {0, 1, 2}; the base blocks ``{(0,0),(0,1),(0,2)}``, the level triples
  ``{(α^i, j), (α^(i+2t), j), (α^(i+4t), j)}`` and the mixed triples
  ``{(α^i, 0), (α^(i+2t), 1), (α^(i+4t), 2)}`` (α primitive) are developed over GF(q): q rounds from
  the translates of the base class, 3t more from the remaining mixed triples' translates, together
  ``(3q - 1) / 2`` rounds of trios in which every pair meets exactly once. 21 people: 10 rounds.
* **Nearly Kirkman triple system** NKTS(24) (``nearly_kirkman_24_rounds``): 24 people cannot all
  meet in trios (24 is even), but 11 rounds of 8 trios can leave out just a 1-factor of 12 pairs.
  Points Z_11 × {0, 1} and ∞_0, ∞_1; the base round ``{∞_0, 0_0, 1_1}``, ``{2_0, 4_0, 7_0}``,
  ``{3_0, 10_0, 8_1}``, ``{5_0, 6_0, 9_1}`` and their images under swapping the levels (and the two
  ∞) covers every pure difference ±1..±5 once on each level and every mixed difference but 0 once, so
  its 11 translates mod 11 (∞ fixed) are 11 rounds in which nobody meets twice; the pairs
  ``{x_0, x_1}`` and ``{∞_0, ∞_1}`` never meet. Found by a small computer search, checked by the tests.
* **Signed double of AG(4, 2)** (``signed_double_rounds``): 32 people at 8 tables of 4 over 10
  rounds, the most any plan can have (each round brings 3 new people of 31), every pair but 16
  meeting exactly once: a resolvable group divisible design of type 2^16. Person ``2·v + b`` is the
  point ``(v, b)`` of GF(2)^4 × GF(2). Ten planes through 0 (2-dimensional subspaces ``W``) that
  together hold every nonzero vector exactly twice give the rounds: the round of ``W`` seats each
  coset ``C`` of ``W`` at two tables, ``{(u, s(u))}`` and ``{(u, 1 - s(u))}`` for ``u`` in ``C``.
  People ``(u, ·)`` and ``(u', ·)`` with ``u != u'`` can meet only in the two rounds whose plane
  holds ``u + u'``; they meet in exactly one of them when the sign sums ``s(u) + s(u')`` of the two
  rounds differ. That is one linear equation over GF(2) per pair ``{u, u'}``: 120 equations in the
  160 sign bits, solved by elimination. The pairs ``{(u, 0), (u, 1)}`` never meet. (Planes of
  AG(5, 2) alone give 9 rounds at most: a partial spread of lines in PG(4, 2) has at most 9.)
* **Difference matrix over Z2 × Z6** (``difference_matrix_rounds_12``): 12 tables, tables of up to 11
  people, up to 6 rounds. The zero map, the identity and four mutually orthogonal orthomorphisms of
  the group G = Z2 × Z6 (a small computer search found them; the tests check them) are the six rows
  ``D[k]`` of a (12, 6; 1) difference matrix: any two rows differ by every element of G exactly once
  across the 12 columns. Person ``(i, x)`` (``x`` in G) sits in round ``k`` at table
  ``x + D[k][i + 1]``. Two people of groups ``i != j`` meet in round ``k`` when ``x - y`` is
  ``D[k][j + 1] - D[k][i + 1]``, which no two rows share, so nobody meets twice; column 0 is all
  zero, so every other column holds distinct entries and nobody sits at a table twice. A cyclic group
  of even order has no orthomorphism at all (Hall and Paige), so Z12 could not do this; 120 people
  at 12 tables get 6 rounds without a repeat, and the search adds the rounds after them.
* **Partial difference matrix over Z10** (``Z10``): 10 tables, tables of up to 7 people, up to 8
  rounds. Z10 has no orthomorphism (its Sylow 2-subgroup is cyclic), so no (10, 3; 1) difference
  matrix exists, but eight rows over eight columns can still differ pairwise by eight distinct
  elements: an 8 × 8 array found by an annealing search (the tests check it), its column 0 all zero.
  Seated as above, 70 people at 10 tables meet nobody twice and sit at no table twice over 8 rounds.
  With more than 7 people per table some columns are taken twice; the two groups of such a column
  sit together in every round and everyone else meets at most once, which is what the World Café
  starts from at 100 people (the bound there forbids a plan without repeats).
* **Projective packing** (``_projective_packing_rounds``): ``n = 2**d - 1`` people are the points of
  PG(d-1, 2), tables of 3 are its lines; Kirkman's 15 schoolgirls over 7 days for d = 4.

The searches for partial spreads and packings are small depth-first searches with a node limit;
they return the rounds they found, possibly fewer than asked, and the caller fills up the rest by
local search.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from events_service.groupwork.finite_fields import field, prime_power

Rounds = list[list[list[int]]]

_NODE_LIMIT = 200_000
# Packings of larger projective spaces exist but are too deep for a plain search; stay quick.
_PACKING_NODE_LIMIT = 20_000


@dataclass(frozen=True)
class Design:
    """Rounds of a named construction; ``labelled``: table ``j`` of every round is the same table, and
    nobody sits at a table twice."""

    name: str
    rounds: Rounds
    labelled: bool = False


def resolvable_rounds(people: int, table_size: int, rounds: int) -> Rounds:
    """Up to ``rounds`` rounds of ``people / table_size`` tables with no pair meeting twice."""
    design = design_for(people, table_size, rounds)
    return design.rounds if design else []


def design_for(people: int, table_size: int, rounds: int) -> Design | None:
    """The construction giving the most of the ``rounds`` asked for (a labelled one on a tie)."""
    if table_size < 2 or people % table_size != 0 or rounds < 1:
        return None
    tables = people // table_size
    makers: list[tuple[str, bool, Callable[[], Rounds]]] = []
    if table_size < min((q for q, _ in _factors(tables)), default=0):
        makers.append(
            (
                "transversal design from mutually orthogonal Latin squares",
                True,
                lambda: transversal_design_rounds(table_size, tables, rounds),
            )
        )
    if tables == table_size and prime_power(table_size):
        makers.append(("affine plane", False, lambda: affine_plane_rounds(table_size, rounds)))
    if table_size == 3 and people % 9 == 3 and prime_power(people // 3) and (people // 3) % 6 == 1:
        makers.append(("Kirkman triple system", False, lambda: kirkman_rounds(people, rounds)))
    if table_size == 3 and people == 24:
        makers.append(("nearly Kirkman triple system", False, lambda: nearly_kirkman_24_rounds(rounds)))
    if people == 32 and table_size == 4:
        makers.append(("signed double of AG(4, 2)", False, lambda: signed_double_rounds(rounds)))
    affine = prime_power(people)
    group = prime_power(table_size)
    if affine and group and affine[0] == group[0] and group[1] < affine[1]:
        p, k, m = affine[0], affine[1], group[1]
        makers.append(("affine subspaces", False, lambda: _affine_rounds(p, k, m, rounds)))
    for name, differences in (
        ("difference matrix over Z2 × Z6", Z2_Z6),
        ("partial difference matrix over Z10", Z10),
    ):
        if tables == differences.order and table_size < len(differences.matrix[0]):
            makers.append((name, True, _difference_maker(differences, table_size, rounds)))
    if table_size == 3 and _is_power_of_two(people + 1) and (people + 1).bit_length() % 2 == 1:
        d = (people + 1).bit_length() - 1
        makers.append(("projective packing", False, lambda: _projective_packing_rounds(d, rounds)))
    best: Design | None = None
    for name, labelled, make in makers:
        design = Design(name, make(), labelled)
        if best is None or len(design.rounds) > len(best.rounds):
            best = design
        if len(best.rounds) >= rounds:
            break  # the constructions are listed best first; the searches below are slower
    return best


def _difference_maker(group: DifferenceGroup, group_count: int, rounds: int) -> Callable[[], Rounds]:
    return lambda: difference_matrix_design_rounds(group, group_count, rounds)


def _factors(value: int) -> list[tuple[int, int]]:
    """Prime power factors ``(q, p)`` of ``value``."""
    factors: list[tuple[int, int]] = []
    prime = 2
    while value > 1:
        if value % prime == 0:
            q = 1
            while value % prime == 0:
                value //= prime
                q *= prime
            factors.append((q, prime))
        prime += 1
    return factors


def transversal_design_rounds(group_count: int, tables: int, rounds: int) -> Rounds:
    """``group_count * tables`` people, ``tables`` tables of ``group_count``, up to ``tables`` rounds.

    Person ``x * tables + y`` (``x < group_count``) is the point ``(x + 1, y)`` of the product of the
    fields GF(q_c) of the prime power factors of ``tables``; round ``a`` seats them at table
    ``y - a·(x + 1)``, computed in each factor. Table ``j`` is the same table in every round.
    """
    factors = [q for q, _ in _factors(tables)]
    if group_count >= min(factors, default=0):
        return []
    fields = [field(q) for q in factors]

    def split(value: int) -> list[int]:
        parts = []
        for q in factors:
            parts.append(value % q)
            value //= q
        return parts

    def join(parts: list[int]) -> int:
        value, scale = 0, 1
        for part, q in zip(parts, factors, strict=True):
            value += part * scale
            scale *= q
        return value

    result: Rounds = []
    for a in range(min(rounds, tables)):
        a_parts = split(a)
        groups: list[list[int]] = [[] for _ in range(tables)]
        for x in range(group_count):
            for y in range(tables):
                y_parts = split(y)
                table = join(
                    [f.sub(y_parts[c], f.mul[a_parts[c]][(x + 1) % f.order]) for c, f in enumerate(fields)]
                )
                groups[table].append(x * tables + y)
        result.append(groups)
    return result


def affine_plane_rounds(q: int, rounds: int) -> Rounds:
    """The lines of AG(2, q): person ``x * q + y`` is the point ``(x, y)``; round ``m < q`` holds the
    lines ``y = m·x + c`` (table ``c``), round ``q`` the vertical lines ``x = c``."""
    f = field(q)
    result: Rounds = []
    for m in range(min(rounds, q + 1)):
        groups: list[list[int]] = [[] for _ in range(q)]
        for x in range(q):
            for y in range(q):
                table = x if m == q else f.sub(y, f.mul[m][x])
                groups[table].append(x * q + y)
        result.append(groups)
    return result


@dataclass(frozen=True)
class DifferenceGroup:
    """A group of order ``tables`` for seating by differences: ``add[a][b]`` and ``sub[a][b]`` on
    its elements ``0..order-1``, and the rows of a known difference matrix over it (``matrix[k][c]``,
    column 0 all zero; empty where none is kept)."""

    add: tuple[tuple[int, ...], ...]
    sub: tuple[tuple[int, ...], ...]
    matrix: tuple[tuple[int, ...], ...] = ()

    @property
    def order(self) -> int:
        return len(self.add)


def _product_group(moduli: tuple[int, ...], matrix: tuple[tuple[int, ...], ...] = ()) -> DifferenceGroup:
    """Z_m1 × Z_m2 × …, element ``e`` written in mixed radix (the last modulus varies fastest)."""
    elements = list(itertools.product(*(range(m) for m in moduli)))
    index = {element: i for i, element in enumerate(elements)}

    def combine(a: tuple[int, ...], b: tuple[int, ...], sign: int) -> int:
        return index[tuple((x + sign * y) % m for x, y, m in zip(a, b, moduli, strict=True))]

    add = tuple(tuple(combine(a, b, 1) for b in elements) for a in elements)
    sub = tuple(tuple(combine(a, b, -1) for b in elements) for a in elements)
    return DifferenceGroup(add, sub, matrix)


def cyclic_group(order: int) -> DifferenceGroup:
    return _product_group((order,))


# Four mutually orthogonal orthomorphisms of Z2 × Z6 (element ``6·a + b`` is ``(a, b)``): each θ is a
# permutation with θ(x) - x a permutation, and θ - θ' is a permutation for any two of them.
_Z2_Z6_ORTHOMORPHISMS = (
    (0, 4, 7, 1, 10, 8, 2, 6, 9, 11, 5, 3),
    (0, 7, 5, 6, 9, 3, 4, 2, 10, 8, 11, 1),
    (0, 9, 4, 7, 2, 11, 1, 8, 5, 6, 3, 10),
    (0, 10, 9, 2, 8, 1, 5, 11, 4, 3, 7, 6),
)
Z2_Z6 = _product_group((2, 6), ((0,) * 12, tuple(range(12)), *_Z2_Z6_ORTHOMORPHISMS))

# Eight rows over Z10 that differ pairwise by eight distinct elements across their eight columns (a
# partial difference matrix: a full one would need all ten elements); row k is round k.
_Z10_ROWS = (
    (0, 0, 0, 0, 0, 0, 0, 0),
    (0, 8, 9, 1, 7, 6, 5, 4),
    (0, 3, 7, 4, 6, 2, 9, 5),
    (0, 9, 2, 7, 4, 1, 3, 6),
    (0, 2, 4, 8, 9, 7, 1, 3),
    (0, 4, 1, 9, 2, 5, 6, 7),
    (0, 1, 6, 5, 3, 8, 4, 9),
    (0, 7, 5, 6, 1, 3, 8, 2),
)
Z10 = _product_group((10,), _Z10_ROWS)


def difference_group(tables: int) -> DifferenceGroup:
    """The group the difference-matrix search works in for ``tables`` tables: Z2 × Z6 and Z10 with
    their matrices for 12 and 10, the cyclic group otherwise."""
    return {Z2_Z6.order: Z2_Z6, Z10.order: Z10}.get(tables) or cyclic_group(tables)


def difference_matrix_design_rounds(group: DifferenceGroup, group_count: int, rounds: int) -> Rounds:
    """``group_count * t`` people (``t`` the group's order, ``group_count`` below the matrix's columns)
    at ``t`` tables over as many rounds as the matrix has rows, up to ``rounds``: person ``i * t + x``
    sits in round ``k`` at table ``x + D[k][i + 1]``. Table ``j`` is the same table in every round."""
    t = group.order
    if group_count >= len(group.matrix[0]):
        return []
    result: Rounds = []
    for row in group.matrix[:rounds]:
        tables: list[list[int]] = [[] for _ in range(t)]
        for i in range(group_count):
            for x in range(t):
                tables[group.add[x][row[i + 1]]].append(i * t + x)
        result.append(tables)
    return result


def kirkman_rounds(people: int, rounds: int) -> Rounds:
    """KTS(3q), q = 6t + 1 a prime power (see the module's description); person ``level * q + x``."""
    q = people // 3
    t = (q - 1) // 6
    f = field(q)
    alpha = f.primitive_element()
    power = [1]
    for _ in range(6 * t):
        power.append(f.mul[power[-1]][alpha])

    def point(x: int, level: int) -> int:
        return level * q + x

    def shifted(block: list[tuple[int, int]], d: int) -> list[int]:
        return sorted(point(f.add[x][d], level) for x, level in block)

    base: list[list[tuple[int, int]]] = [[(0, 0), (0, 1), (0, 2)]]
    for i in range(t):
        for level in range(3):
            base.append([(power[i], level), (power[i + 2 * t], level), (power[i + 4 * t], level)])
    mixed = {
        i: [(power[i], 0), (power[(i + 2 * t) % (6 * t)], 1), (power[(i + 4 * t) % (6 * t)], 2)]
        for i in range(6 * t)
    }
    in_base_class = [i for i in range(6 * t) if (i // t) % 2 == 1]
    on_their_own = [i for i in range(6 * t) if (i // t) % 2 == 0]
    base += [mixed[i] for i in in_base_class]
    result: Rounds = [[shifted(block, d) for block in base] for d in range(q)]
    result += [[shifted(mixed[i], d) for d in range(q)] for i in on_their_own]
    return result[:rounds]


# Half of the base round of NKTS(24): ``(x, level)`` is the point ``x_level`` of Z_11 × {0, 1}; the
# first triple also holds ∞_0. The other half is its image under swapping the levels and the two ∞.
_NKTS24_HALF_BASE: tuple[tuple[tuple[int, int], ...], ...] = (
    ((0, 0), (1, 1)),
    ((2, 0), (4, 0), (7, 0)),
    ((3, 0), (10, 0), (8, 1)),
    ((5, 0), (6, 0), (9, 1)),
)


def nearly_kirkman_24_rounds(rounds: int) -> Rounds:
    """NKTS(24) (see the module's description): person ``level * 11 + x`` is ``x_level``, persons 22 and
    23 are ∞_0 and ∞_1; round ``d`` is the base round shifted by ``d`` mod 11, up to 11 rounds."""
    result: Rounds = []
    for d in range(min(rounds, 11)):
        groups: list[list[int]] = []
        for swap in (0, 1):
            for index, block in enumerate(_NKTS24_HALF_BASE):
                group = [(level ^ swap) * 11 + (x + d) % 11 for x, level in block]
                if index == 0:
                    group.append(22 + swap)
                groups.append(sorted(group))
        result.append(groups)
    return result


def signed_double_rounds(rounds: int) -> Rounds:
    """The signed double of AG(4, 2) (see the module's description): up to 10 rounds of 32 people at
    8 tables of 4; person ``2·v + b`` is the point ``(v, b)``."""
    planes = sorted(
        {frozenset((0, a, b, a ^ b)) for a in range(1, 16) for b in range(a + 1, 16) if a ^ b > b},
        key=sorted,
    )
    for cover in _double_covers(planes):
        signs = _pair_parity_signs(cover)
        if signs is None:
            continue  # some covers admit no signs; the next one is tried
        result: Rounds = []
        for r, plane in enumerate(cover[:rounds]):
            tables: list[list[int]] = []
            for coset in sorted({frozenset(u ^ w for w in plane) for u in range(16)}, key=min):
                for flip in (0, 1):
                    tables.append(sorted(2 * u + (signs[r][u] ^ flip) for u in coset))
            result.append(tables)
        return result
    return []


def _double_covers(planes: list[frozenset[int]]) -> Iterator[list[frozenset[int]]]:
    """Sets of ten planes holding every nonzero vector of GF(2)^4 exactly twice, depth first."""
    counts = [0] * 16

    def extend(chosen: list[frozenset[int]], start: int) -> Iterator[list[frozenset[int]]]:
        if len(chosen) == 10:
            yield list(chosen)
            return
        for i in range(start, len(planes)):
            plane = planes[i]
            if all(counts[v] < 2 for v in plane if v):
                for v in plane:
                    counts[v] += 1
                chosen.append(plane)
                yield from extend(chosen, i + 1)
                chosen.pop()
                for v in plane:
                    counts[v] -= 1

    yield from extend([], 0)


def _pair_parity_signs(cover: list[frozenset[int]]) -> list[list[int]] | None:
    """Signs ``s[r][u]`` with ``s[r](u) + s[r](u') + s[r'](u) + s[r'](u') = 1`` for every pair
    ``{u, u'}``, where ``r`` and ``r'`` are the two rounds whose plane holds ``u + u'``; ``None`` if
    the system has no solution. Gaussian elimination over GF(2), one bit mask per equation (bit
    ``16·r + u`` is ``s[r](u)``)."""
    pivots: dict[int, tuple[int, int]] = {}
    for u, u2 in itertools.combinations(range(16), 2):
        mask, value = 0, 1
        for r, plane in enumerate(cover):
            if u ^ u2 in plane:
                mask ^= (1 << (16 * r + u)) | (1 << (16 * r + u2))
        while mask:
            top = mask.bit_length() - 1
            if top not in pivots:
                pivots[top] = (mask, value)
                break
            pivot_mask, pivot_value = pivots[top]
            mask, value = mask ^ pivot_mask, value ^ pivot_value
        if not mask and value:
            return None
    solution = 0  # free bits 0; each pivot's bit follows from the lower bits already fixed
    for top in sorted(pivots):
        mask, value = pivots[top]
        if value ^ ((mask & solution).bit_count() & 1):
            solution |= 1 << top
    return [[(solution >> (16 * r + u)) & 1 for u in range(16)] for r in range(len(cover))]


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
