"""Small finite fields GF(p^m), as tables, for the design constructions.

Elements are the integers ``0..q-1``: the base-``p`` digits of an element are the coefficients of a
polynomial over GF(p), reduced modulo the first irreducible monic polynomial of degree ``m``.
Fields here have at most a few hundred elements, so addition and multiplication are tabulated.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache


def prime_power(value: int) -> tuple[int, int] | None:
    """``(p, m)`` with ``value == p**m`` for a prime ``p``, else ``None``."""
    if value < 2:
        return None
    prime = next(d for d in range(2, value + 1) if value % d == 0)
    exponent = 0
    while value % prime == 0:
        value //= prime
        exponent += 1
    return (prime, exponent) if value == 1 else None


@dataclass(frozen=True)
class FiniteField:
    order: int
    add: tuple[tuple[int, ...], ...]
    mul: tuple[tuple[int, ...], ...]

    def sub(self, a: int, b: int) -> int:
        return self.add[a][self.neg(b)]

    def neg(self, a: int) -> int:
        return next(x for x in range(self.order) if self.add[a][x] == 0)

    def primitive_element(self) -> int:
        for candidate in range(2 if self.order > 2 else 1, self.order):
            seen, value = set(), 1
            for _ in range(self.order - 1):
                value = self.mul[value][candidate]
                seen.add(value)
            if len(seen) == self.order - 1:
                return candidate
        return 1


def _digits(value: int, prime: int, length: int) -> list[int]:
    return [(value // prime**i) % prime for i in range(length)]


def _number(digits: list[int], prime: int) -> int:
    return sum(d * prime**i for i, d in enumerate(digits))


def _reduce(product: list[int], modulus: list[int], prime: int) -> list[int]:
    degree = len(modulus) - 1
    product = list(product)
    for position in range(len(product) - 1, degree - 1, -1):
        factor = product[position]
        if factor:
            for i, c in enumerate(modulus):
                product[position - degree + i] = (product[position - degree + i] - factor * c) % prime
    return product[:degree]


def _irreducible(prime: int, degree: int) -> list[int]:
    """The first monic polynomial of ``degree`` over GF(prime) without a factor of lower degree."""
    for tail in itertools.product(range(prime), repeat=degree):
        candidate = [*tail, 1]
        if candidate[0] == 0:
            continue
        if all(_has_no_divisor_of_degree(candidate, d, prime) for d in range(1, degree // 2 + 1)):
            return candidate
    raise AssertionError(f"no irreducible polynomial of degree {degree} over GF({prime})")


def _has_no_divisor_of_degree(polynomial: list[int], degree: int, prime: int) -> bool:
    for tail in itertools.product(range(prime), repeat=degree):
        divisor = [*tail, 1]
        remainder = _reduce(polynomial, divisor, prime) if len(polynomial) > degree else polynomial
        if not any(remainder):
            return False
    return True


@cache
def field(order: int) -> FiniteField:
    """GF(order); ``order`` must be a prime power."""
    found = prime_power(order)
    if found is None:
        raise ValueError(f"{order} is not a prime power")
    prime, degree = found
    modulus = _irreducible(prime, degree) if degree > 1 else [0, 1]
    add = tuple(
        tuple(
            _number(
                [
                    (x + y) % prime
                    for x, y in zip(_digits(a, prime, degree), _digits(b, prime, degree), strict=True)
                ],
                prime,
            )
            for b in range(order)
        )
        for a in range(order)
    )
    mul_rows = []
    for a in range(order):
        row = []
        for b in range(order):
            da, db = _digits(a, prime, degree), _digits(b, prime, degree)
            product = [0] * (2 * degree - 1)
            for i, x in enumerate(da):
                for j, y in enumerate(db):
                    product[i + j] = (product[i + j] + x * y) % prime
            row.append(_number(_reduce(product, modulus, prime) if degree > 1 else product[:1], prime))
        mul_rows.append(tuple(row))
    return FiniteField(order, add, tuple(mul_rows))
