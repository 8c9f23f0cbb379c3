"""M7 Procurement and supply (seeds 002, 003).

Each buyer's cost per unit of effective compute from option j (direct, cloud, or in-house):

    cost_j = (price_j (1 + overhead_j) + running_j) / E_j  +  switching_j * cost_min

and it splits its demand by a logit over relative cost, s_j ∝ exp(-beta cost_j / min_k cost_k),
which leaves heterogeneity without letting the scale of prices change behaviour. Foundry capacity
caps the units made per quarter; when orders exceed it, they are rationed explicitly (pro rata, or
by priority class) and the shortfall is recorded as unmet demand. Buyers adjust their mix
gradually (procurement inertia).
"""

from __future__ import annotations

import numpy as np

from .masked import exp_in_place, masked


def cost_per_effective_unit(price, running_cost, effective_perf, overhead=0.0):
    """(p (1 + overhead) + r) / E; infinite where the chip delivers nothing."""
    return per_effective_unit(all_in_price(price, running_cost, overhead), effective_perf)


def all_in_price(price, running_cost, overhead=0.0):
    """p (1 + overhead) + r: what a chip costs its buyer to own and run."""
    return np.asarray(price, dtype=float) * (1.0 + np.asarray(overhead)) + np.asarray(running_cost)


def payable(price) -> np.ndarray:
    """A price per chip where the option is open, 0 where it is closed (inf): what chips bought at it
    cost, as only an open option has chips bought, and none of a closed one cost 0 (not 0 x inf)."""
    out = np.array(price, dtype=float)
    out[~np.isfinite(out)] = 0.0
    return out


def per_effective_unit(all_in, effective_perf):
    """An all-in price per chip over E, the chip's effective performance; infinite where it delivers
    nothing. (A buyer's all-in prices are the same in both segments: compute them once.)"""
    eff = np.asarray(effective_perf, dtype=float)
    all_in = np.asarray(all_in, dtype=float)
    return masked(np.divide, all_in, eff, eff > 1e-12, fill=np.inf)


COPY_FOR_MIN = 2**19  # floats: a larger copy falls out of the cache and costs more than it saves


def row_min(x: np.ndarray) -> np.ndarray:
    """Each row's minimum, (n, 1): ``x.min(axis=1, keepdims=True)``, taken on a column-major copy where
    the array is small enough, as numpy then compares whole columns at once rather than one short row
    at a time (a minimum does not depend on the order of its comparisons)."""
    return (np.asfortranarray(x) if x.size <= COPY_FOR_MIN else x).min(axis=1, keepdims=True)


def cost_with_switching(base: np.ndarray, switch: np.ndarray) -> np.ndarray:
    """Cost per effective unit plus the switching premium, row-wise: c + s * min(c).

    The premium is a fraction ``s`` of the cheapest option's cost, so switching cost is in the same
    units as price. Rows where nothing is available (every cost infinite) stay infinite: there is
    no reference cost to scale the premium by.
    """
    base = np.atleast_2d(np.asarray(base, dtype=float))
    switch = np.asarray(switch, dtype=float)
    if switch.shape != base.shape:
        switch = np.broadcast_to(switch, base.shape)
    ref = row_min(base)
    # A row's minimum is NaN or -inf only if the row holds one; without them, masking the non-finite
    # costs to inf changes no minimum (the common case, one pass fewer).
    if not (ref > -np.inf).all():
        ref = row_min(np.where(np.isfinite(base), base, np.inf))
    # No premium where there is no switching cost: s * min(c) is that 0 unless a row has no finite
    # cost (0 x inf), which only the masked product keeps at 0. In C order, as the masked product:
    # the costs' layout decides how numpy sums their rows later.
    if np.isfinite(ref).all() and (switch >= 0).all():
        premium = np.multiply(switch, ref, order="C")
    else:
        premium = masked(np.multiply, switch, ref, switch > 0)
    premium += base  # base + premium, and addition commutes exactly
    return premium


def qualification_premium(age_quarters, premium: float, quarters: int):
    """A new part's qualification premium, q max(0, 1 - age / R): buyers validate a new chip, port and
    tune their software for it and wait for its supply to ramp before they deploy it at scale, so a
    part that shipped ``age`` quarters ago costs them a fraction q (1 - age / R) of the cheapest
    option's cost more, falling to nothing after R quarters (numbers or arrays)."""
    if quarters <= 0:
        return np.zeros_like(np.asarray(age_quarters, dtype=float))
    return premium * np.maximum(0.0, 1.0 - np.asarray(age_quarters, dtype=float) / quarters)


def waiting_premium(lead_time_quarters, cost_per_quarter: float, horizon_quarters: float):
    """What waiting for a chip costs its buyer, w min(L, H), as a fraction of the cheapest option's cost
    (as switching is): L the supplier's lead time, w a quarter's delay of compute (its share of the
    chip's life, and time to market), H the longest wait a buyer expects (the time to build capacity).
    A chip that arrives later is worth less, in the buyer's mix and as an outside option in bargaining
    (numbers or arrays)."""
    lead = np.minimum(np.asarray(lead_time_quarters, dtype=float), horizon_quarters)
    return cost_per_quarter * lead


def logit_shares(costs: np.ndarray, beta: float) -> np.ndarray:
    """Row-wise logit over relative cost; unavailable options carry cost = inf and get share 0.

    ``costs`` is (n_buyers, n_options); each row with at least one finite cost sums to 1, a row
    with none sums to 0 (the buyer has nothing it can buy, and so no demand in effective units).
    """
    costs = np.atleast_2d(np.asarray(costs, dtype=float))
    best = row_min(costs)  # inf where nothing is available
    if beta == 0:  # price-insensitive buyers split evenly over what is available
        weights = np.isfinite(costs).astype(float)
    else:
        # Relative cost; a free option (best = 0) makes every priced option infinitely dearer. An
        # unavailable option (cost inf) gets weight exp(-inf) = 0, and so does every option of a row
        # with none available (its costs are divided by 1).
        scale = np.where(np.isfinite(best), np.maximum(best, 1e-300), 1.0)
        with np.errstate(over="ignore", invalid="ignore"):
            # -beta (c / scale - 1), in place: the same floats as the expression, fewer arrays.
            weights = costs / scale
            weights -= 1.0
            weights *= -beta
            exp_in_place(weights)
    total = weights.sum(axis=1, keepdims=True)
    if (total > 0).all():  # every row has an option: normalise in place, the same floats
        weights /= total
        return weights
    return np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)


def held_to_cap(shares: np.ndarray, capped: np.ndarray, cap: float) -> np.ndarray:
    """Each row's mix with the options marked ``capped`` held to at most a share ``cap`` of the row,
    what they give up spread over the row's other options in proportion to their shares (the mix the
    logit gives among them). With S the capped options' share of a row of total T, where S > cap T:

        s_j' = s_j cap T / S  (j capped),    s_j' = s_j (1 - cap) T / (T - S)  (the others)

    A row whose capped options hold no more than ``cap``, or that has nothing else to buy, is
    unchanged (the same floats)."""
    shares = np.asarray(shares, dtype=float)
    held = np.where(capped, shares, 0.0).sum(axis=1, keepdims=True)
    total = shares.sum(axis=1, keepdims=True)
    rest = total - held
    over = (held > cap * total) & (rest > 0)
    if not over.any():
        return shares
    to_capped = np.where(over, cap * total / np.where(over, held, 1.0), 1.0)
    to_rest = np.where(over, (1.0 - cap) * total / np.where(over, rest, 1.0), 1.0)
    return shares * np.where(capped, to_capped, to_rest)


def carried_mix(last_shares: np.ndarray, column: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Last quarter's shares on this quarter's options: column j of ``last_shares`` is added to option
    ``column[j]`` (none where -1), several onto one option in their order.

    The same floats as ``np.add.at`` (a running sum from 0 per option), without its cost: a first
    share is set, as 0 + s is s for a share (never -0), and only the others are added to it.
    """
    if column.shape == (shape[1],) and (column == np.arange(shape[1])).all():
        return last_shares.copy()  # the same options as last quarter
    # Each carried column's rank among those carried to the same option, in their order: the first
    # is set, the k-th added with the other k-th ones at once (one option each), so every option
    # adds its columns in their order.
    carried: dict[int, int] = {}
    by_rank: list[list[int]] = []
    for j, option in enumerate(column.tolist()):
        if option < 0:
            continue
        rank = carried.get(option, 0)
        carried[option] = rank + 1
        if rank == len(by_rank):
            by_rank.append([])
        by_rank[rank].append(j)
    if not by_rank:
        return np.zeros(shape)
    first = np.array(by_rank[0])
    # Gather each option's first carried column (one pass), then zero the options nothing carries to.
    source = np.full(shape[1], -1)
    source[column[first]] = first
    prev = np.take(last_shares, np.maximum(source, 0), axis=1)
    prev[:, source < 0] = 0.0
    for later in by_rank[1:]:
        later = np.array(later)
        prev[:, column[later]] += last_shares[:, later]
    return prev


def adjust_shares(
    target: np.ndarray, previous: np.ndarray, available: np.ndarray, inertia: float
) -> np.ndarray:
    """Partial adjustment of a buyer's mix: s = (1 - iota) target + iota previous.

    Contracts, allocations and data-centre designs outlast a quarter, so buyers move toward the
    logit mix gradually. ``previous`` is restricted to options still ``available`` and renormalised;
    with no usable history the target is returned. Rows stay on the simplex.
    """
    target = np.atleast_2d(target)
    # A copy with closed options zeroed, in one pass (not a copy, then a store through the mask).
    prev = np.where(available, np.asarray(np.atleast_2d(previous), dtype=float), 0.0)
    total = prev.sum(axis=1, keepdims=True)
    has_history = total > 0
    np.divide(prev, np.where(has_history, total, 1.0), out=prev)
    if not has_history.all():
        prev = np.where(has_history, prev, target)
    # In place, in the order of (1 - iota) target + iota previous: the same floats, fewer arrays.
    prev *= inertia
    out = (1.0 - inertia) * target
    out += prev
    return out


def ration(orders: np.ndarray, capacity: float, priority: np.ndarray | None = None) -> np.ndarray:
    """Units granted per order when total orders may exceed ``capacity``.

    pro rata (priority None): every order gets the same fill fraction min(1, capacity / total);
    by priority: lower class numbers are served first, pro rata within the class that runs out.
    The sum granted never exceeds capacity and no order gets more than it asked for.
    """
    orders = np.maximum(np.asarray(orders, dtype=float), 0.0)
    capacity = max(float(capacity), 0.0)
    if priority is None:
        total = orders.sum()
        fill = 1.0 if total <= capacity else capacity / total
        return orders * fill
    granted = np.zeros_like(orders)
    left = capacity
    for cls in np.unique(priority):
        idx = priority == cls
        want = orders[idx].sum()
        fill = 1.0 if want <= left else (left / want if want > 0 else 0.0)
        granted[idx] = orders[idx] * fill
        left = max(0.0, left - granted[idx].sum())
    return granted


def ration_by_group(orders, group, capacities, priority=None) -> np.ndarray:
    """Units granted per order when each group g (an account's orders) may make at most ``capacities[g]``:
    ``ration`` within each group (pro rata, or by priority)."""
    orders = np.asarray(orders, dtype=float)
    granted = np.zeros_like(orders)
    for g, capacity in enumerate(np.asarray(capacities, dtype=float)):
        mine = group == g
        if mine.any():
            granted[mine] = ration(orders[mine], capacity, None if priority is None else priority[mine])
    return granted
