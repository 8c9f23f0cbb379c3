"""M6 Pricing and negotiation (seeds 001, 002).

List prices follow a strategy:
- cost_plus:   p = c (1 + m)
- value_based: p = c + v (V - c), V the price at which the chip matches the buyer's next-best option
- penetration: markup m_low while revenue share < target, else the target markup
- defensive:   m = max(m_floor, m_target - gamma * (peak share - share)); the margin cushion is what
               lets the incumbent cut it (seed 002: 78 % vs 47 % gross margin)
- responsive:  the list follows what buyers pay, (1 + m') = (1 + m)(1 + a (r / (1 - d) - 1)), r the
               realised price over list last quarter and d the usual street discount
A previous generation, while a vendor runs it down, falls from its price to parity per unit of peak
with the new part (never below its unit cost), so old parts' prices fall once their successor ships.
Large buyers bargain (Nash): p = w + theta (V_out - w), capped at the list price, where V_out is the
price that would make this chip cost the same per effective unit as the buyer's outside option and w
the vendor's walk-away price, its opportunity cost: unit cost while it has chips to spare, rising
toward list as supply runs short (another buyer takes the unit). Where V_out < w there are no gains
from trade: the vendor holds at w, dearer to the buyer than its outside option, and the buyer's logit
(M7) takes little of it.
The outside option includes the buyer's own chip programme weighted by the probability it ships,
so a programme lowers the price before it ships (seed 001: custom chips as negotiating leverage).
"""

from __future__ import annotations

import numpy as np


def cost_plus_price(unit_cost: float, markup: float) -> float:
    return unit_cost * (1.0 + markup)


def penetration_markup(share: float, target_share: float, low_markup: float, target_markup: float) -> float:
    """Price low until the share target is reached."""
    return low_markup if share < target_share else target_markup


def defensive_markup(
    share: float, peak_share: float, target_markup: float, cut_per_share: float, floor: float
) -> float:
    """Cut the markup by gamma per unit of share lost from the peak, never below the floor."""
    lost = max(0.0, peak_share - share)
    return max(floor, min(target_markup, target_markup - cut_per_share * lost))


def responsive_markup(  # noqa: PLR0913
    markup: float,
    realised_to_list: float | None,
    *,
    street_discount: float,
    adjustment: float,
    floor: float,
    ceiling: float,
) -> float:
    """A list price that follows what buyers pay: when large buyers bargain it down further than the
    usual street discount d, the list was above the chip's value to them and comes down; when they pay
    (near) list, it goes up:

        (1 + m') = (1 + m) (1 + a (r / (1 - d) - 1)),   floor <= m' <= ceiling

    r is last quarter's revenue over its units valued at list; a vendor that sold nothing (r None)
    cuts as far as the rule goes in a quarter (r = 0)."""
    r = 0.0 if realised_to_list is None else realised_to_list
    factor = 1.0 + adjustment * (r / max(1.0 - street_discount, 1e-9) - 1.0)
    return float(min(ceiling, max(floor, (1.0 + markup) * max(factor, 0.0) - 1.0)))


def value_based_price(unit_cost: float, value: float, capture: float, target_markup: float) -> float:
    """Take a share of the surplus over the buyer's next-best option, p = c + v (V - c), but never
    less than a thin cost-plus price c (1 + min(m, 5 %)); monotone in V."""
    floor = unit_cost * (1.0 + min(target_markup, 0.05))
    return max(floor, unit_cost + capture * (value - unit_cost))


def planned_price(unit_cost: float, markup: float, street_discount: float) -> float:
    """The price a vendor plans its sales at, and books packaging for (M7): its strategy's list price,
    before scarcity, less the discount it expects large buyers to bargain, and never below its unit
    cost (no bargain goes below it, section 7.12),

        p_plan = max(c, c (1 + m) (1 - d))."""
    return max(unit_cost, unit_cost * (1.0 + markup) * (1.0 - street_discount))


def previous_generation_price(  # noqa: PLR0917
    new_price: float,
    new_peak: float,
    old_peak: float,
    old_unit_cost: float,
    launch_price: float | None = None,
    progress: float = 1.0,
) -> float:
    """A part being run down falls from its price before its successor shipped (p_launch) to parity
    per unit of peak with the successor over the run-down, never below its own unit cost:

        p_old = max(c_old, p_launch + f (p_new P_old / P_new - p_launch)),   f = ``progress`` in [0, 1]

    (f = k / R in the k-th quarter of an R-quarter run-down; without p_launch, parity at once). At
    parity the old part is no bargain per unit of compute, but it stays a choice for buyers who have
    qualified it (inertia, M7), so the market moves to a new generation over quarters.
    """
    parity = new_price * old_peak / new_peak if new_peak > 0 else new_price
    start = parity if launch_price is None else launch_price
    f = min(1.0, max(0.0, progress))
    return max(start + f * (parity - start), old_unit_cost)


def gross_margin(price: float, unit_cost: float) -> float:
    """(p - c) / p."""
    return (price - unit_cost) / price if price > 0 else 0.0


def break_even_price(outside_cost_per_unit: float, effective_perf: float, running_cost: float) -> float:
    """The price at which a chip costs the same per effective unit as the outside option:
    (p + r) / E = c_out  =>  p = c_out E - r."""
    return outside_cost_per_unit * effective_perf - running_cost


def expected_price_with_programme(price_if_it_ships, price_without, ship_probability):
    """The price a buyer with an unshipped programme expects to pay: the price bargained with the
    programme as its outside option, weighted by the chance the programme ships, and otherwise the
    price without it. Continuous in the probability: a programme sure to fail changes nothing.
    Numbers or arrays."""
    q = np.clip(ship_probability, 0.0, 1.0)
    return q * price_if_it_ships + (1.0 - q) * price_without


def walk_away_price(unit_cost, list_price, scarcity, max_discount: float = 1.0):
    """The lowest price a vendor accepts from a large buyer: its opportunity cost of the unit, which is
    its unit cost while it has chips to spare and what another buyer pays (list) when supply is short,

        w = max(c + u (p_list - c), p_list (1 - d)),   u = L / (1 + L) the scarcity pressure,

    never below a floor of list less the largest discount it concedes (d = 1: no such floor).
    Numbers or arrays (the scarcity too: each vendor's own)."""
    u = np.clip(scarcity, 0.0, 1.0)
    return np.maximum(unit_cost + u * (list_price - unit_cost), list_price * (1.0 - max_discount))


def negotiated_price(walk_away, list_price, outside_value, bargaining_power: float):
    """Nash bargaining: p = c + theta (V_out - c), within [c, list price] (numbers or arrays).

    ``walk_away`` (c) is the lowest price the vendor accepts: its unit cost, or a floor below list.
    """
    p = walk_away + bargaining_power * (outside_value - walk_away)
    return np.minimum(list_price, np.maximum(walk_away, p))


def nash_price_against(
    outside_cost,
    *,
    walk_away,
    list_price,
    effective_perf,
    switch,
    running_cost: float,
    bargaining_power: float,
):
    """The bargained price of a chip when the buyer's outside option costs ``outside_cost`` per
    effective unit, switching included: the buyer values this chip at the break-even price against
    the outside option net of switching, V_out = (c_out / (1 + s)) E - r, and Nash bargaining gives
    p = c + theta (V_out - c) within [walk-away, list]. With no outside option the list price holds.
    Numbers or arrays (broadcast together)."""
    finite = np.isfinite(outside_cost)
    outside = np.where(finite, outside_cost, 0.0)
    v_out = break_even_price(outside / (1.0 + switch), effective_perf, running_cost)
    return np.where(finite, negotiated_price(walk_away, list_price, v_out, bargaining_power), list_price)
