"""M7 Supply: what a chip of a generation costs to make, how packaging capacity follows demand, and
what scarcity does to lead times and prices (STYLIZED_FACTS, "Supply": CoWoS could meet ~80 % of
demand in 2023, H100 lead times of 40-50 weeks, falling below 16 weeks by mid-2024).

- A generation's unit cost rises with its node, c_g = c_0 P_node^e, and its peak with P_node^(1+e),
  so that peak per dollar of unit cost still follows the node curve (Epoch AI's 2.46-year doubling
  of compute per chip-dollar) while each generation is a bigger, dearer part (A100 -> H100 -> B200).
- Capacity is planned ``lag`` quarters ahead on the orders the foundry sees now, extrapolated by
  their growth over the last year, plus headroom; it expands at most at the largest yearly rate
  and never shrinks (unless that rate is negative). A demand shock therefore outruns it.
- Capacity then price (Kreps and Scheinkman 1983, Bell J. Econ. 14(2)): each supplier books its supply
  ``lag`` quarters ahead for the sales it plans, the value of its orders over the last year, grown at
  their rate, at the price it plans to sell at. A vendor that plans to sell above what buyers pay books
  fewer chips than they order; orders beyond its booking are units it can sell only at another buyer's
  price, so they raise its walk-away in bargaining (M6) as a lead time does.
- Orders the foundry cannot fill wait: the backlog, and its lead time L = backlog / capacity.
- Scarcity lets vendors raise their markup: m_eff = m (1 + sigma L / (1 + L)) (bounded by 1 + sigma).
- When orders exceed capacity the foundry shares it among vendors partly by their past sales ("turn and
  earn", Cachon and Lariviere 1999, Management Science 45(8)), partly by this quarter's orders: a
  vendor whose demand jumps cannot take all the capacity its rivals earned, so in a shortage it
  queues, and prices for its own lead time.
"""

from __future__ import annotations

import math

import numpy as np


def generation_unit_cost(base_cost: float, node_performance: float, elasticity: float) -> float:
    """c_g = c_0 P_node^e: a later generation is a bigger, dearer part."""
    return base_cost * node_performance**elasticity


def generation_peak_scale(node_performance: float, elasticity: float) -> float:
    """P_node^(1 + e): peak per chip, so that peak per dollar of unit cost is P_node."""
    return node_performance ** (1.0 + elasticity)


def capacity_target(orders: float, orders_year_ago: float, lag_quarters: int, headroom: float) -> float:
    """What the foundry plans to have in ``lag`` quarters: today's orders grown at last year's rate,
    D_t (D_t / D_{t-4})^(lag / 4) (1 + headroom); today's orders alone where there is no history."""
    growth = orders / orders_year_ago if orders_year_ago > 0 and orders > 0 else 1.0
    return orders * growth ** (lag_quarters / 4.0) * (1.0 + headroom)


def booked_units(
    order_value: float, order_value_year_ago: float, planned_price: float, lag_quarters: int
) -> float:
    """The chips a supplier books ``lag`` quarters ahead: the value of its orders grown at last year's
    rate, at the price it plans to sell at,

        K = V_t (V_t / V_{t-4})^(lag / 4) / p_plan

    (``capacity_target`` without headroom, in money, over p_plan; V a quarter's orders, averaged over a
    year). A supplier that sells at the price it plans (an in-house programme, at its unit price) books
    the chips it is ordered; a vendor whose buyers pay less than it plans books fewer (capacity then
    price). 0 without a planned price."""
    if planned_price <= 0:
        return 0.0
    return capacity_target(order_value, order_value_year_ago, lag_quarters, 0.0) / planned_price


def next_capacity(current: float, target: float, max_growth_per_year: float) -> float:
    """Capacity a quarter on: toward the target, growing at most (1 + g)^(1/4) a quarter, and never
    shrinking unless g < 0 (then it shrinks at that rate, whatever the target)."""
    upper = current * (1.0 + max_growth_per_year) ** 0.25
    lower = min(current, upper)
    return float(np.clip(target, lower, upper))


def damped_step(current: float, target: float, weight: float) -> float:
    """x + w (T - x): one step of a damped fixed-point iteration x <- x + w (F(x) - x), whose fixed
    points are F's for any w in (0, 1]; w < 1 stops an iteration that overshoots from alternating."""
    return current + weight * (target - current)


def lead_time_quarters(backlog_units: float, capacity_units: float) -> float:
    """Quarters the backlog takes to clear at today's capacity (Little's law), 0 without a backlog."""
    if backlog_units <= 0:
        return 0.0
    return backlog_units / capacity_units if capacity_units > 0 else float("inf")


def allocation_key(orders, earned, history_weight: float) -> np.ndarray:
    """Each vendor's claim on scarce capacity: a blend of its share of past sales (turn and earn) and
    its share of this quarter's orders (new commitments, which a programme backed by a large buyer
    brings), k_v = h e_v / sum e + (1 - h) o_v / sum o."""
    orders = np.maximum(np.asarray(orders, dtype=float), 0.0)
    earned = np.maximum(np.asarray(earned, dtype=float), 0.0)
    past = earned / earned.sum() if earned.sum() > 0 else np.zeros_like(earned)
    now = orders / orders.sum() if orders.sum() > 0 else np.zeros_like(orders)
    return history_weight * past + (1.0 - history_weight) * now


def turn_and_earn(orders, earned, capacity: float) -> np.ndarray:
    """Units each vendor may make when ``orders`` (per vendor) may exceed ``capacity``: capacity is
    shared in proportion to what each vendor earned (its past sales) and never above its orders,

        a_v = min(o_v, lambda e_v),   lambda such that sum_v a_v = min(C, sum_v o_v),

    (water-filling: what a vendor does not need goes to the others by their earned shares); whatever
    is left once every vendor that earned capacity is served goes pro rata to the orders still open
    (a vendor with no sales yet waits for it). Without a shortage every order is made."""
    orders = np.maximum(np.asarray(orders, dtype=float), 0.0)
    earned = np.maximum(np.asarray(earned, dtype=float), 0.0)
    capacity = max(float(capacity), 0.0)
    if orders.sum() <= capacity:
        return orders.copy()
    granted = np.zeros_like(orders)
    open_ = (orders > 0) & (earned > 0)
    left = capacity
    while open_.any() and left > 1e-12 * capacity:
        share = left * earned * open_ / earned[open_].sum()
        full = open_ & (orders - granted <= share)
        if not full.any():
            granted += share
            left = 0.0
            break
        left -= (orders - granted)[full].sum()
        granted[full] = orders[full]
        open_ &= ~full
    rest = orders - granted
    if left > 0 and rest.sum() > 0:
        granted += rest * min(1.0, left / rest.sum())
    return granted


def scarcity_pressure(lead_time: float) -> float:
    """L / (1 + L) in [0, 1): how scarce supply is, from the foundry's lead time L in quarters (1 when
    nothing can be made)."""
    return 1.0 if not np.isfinite(lead_time) else lead_time / (1.0 + lead_time)


def booking_pressure(
    previous: float, ordered: float, booked: float, speed: float, fall_ratio: float = 1.0
) -> float:
    """How far a supplier prices its chips above its unit cost for orders beyond the supply it booked,
    moved each quarter by the log of its orders o over its booked chips K,

        u_t = min(1, max(0, u_(t-1) + k r ln(o / K))),   r = 1 if o >= K, else r_fall,

    k = ``booking_price_speed``, r_fall = ``booking_price_fall_ratio``: it raises its walk-away while
    its orders outrun its booking and lowers it, more slowly, while its booking is slack, finding the
    price at which buyers take what it booked (a price set on last quarter's excess alone overshoots
    both ways, quarter after quarter). Prices rise faster than they fall: a cut reprices every sale,
    and a vendor holds its price through a slack quarter or two rather than teach buyers to wait. 0
    without a booking (K infinite: none was made) or without orders; 1 from a booking of no chips."""
    if ordered <= 0 or math.isinf(booked):
        return 0.0
    if booked <= 0:
        return 1.0
    step = speed * math.log(ordered / booked)
    return min(1.0, max(0.0, previous + (step if step >= 0 else fall_ratio * step)))


def combined_scarcity(lead_pressure, booking_pressure):
    """1 - (1 - u_L)(1 - u_K): scarcity from the supplier's lead time and from its orders beyond its
    booking, each in [0, 1] (numbers or arrays)."""
    return 1.0 - (1.0 - lead_pressure) * (1.0 - booking_pressure)


def scarcity_markup(markup: float, lead_time: float, sensitivity: float) -> float:
    """m (1 + sigma L / (1 + L)): long lead times let a vendor price above its strategy's markup."""
    return markup * (1.0 + sensitivity * scarcity_pressure(lead_time))


def waiting_units(unfilled_units, cancel_share: float):
    """Chips of the unfilled orders that wait for next quarter, u (1 - kappa): the backlog (numbers or
    arrays)."""
    return np.asarray(unfilled_units, dtype=float) * (1.0 - cancel_share)


def carried_orders(unfilled_value, cancel_share: float):
    """(carried, cancelled): of the money of unfilled orders, the part that waits for next quarter and
    the part whose buyers cancel (a share of the backlog is cancelled each quarter it waits)."""
    unfilled = np.asarray(unfilled_value, dtype=float)
    return unfilled * (1.0 - cancel_share), unfilled * cancel_share
