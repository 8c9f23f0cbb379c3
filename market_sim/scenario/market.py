"""The market: ecosystem lock-in (M5), pricing and negotiation (M6), procurement and supply (M7)."""

from __future__ import annotations

from dataclasses import dataclass

from .declare import CAPACITY_BOOKINGS, PRICING_STRATEGIES, RATIONING_RULES
from .declare import parameter as _p


@dataclass(frozen=True)
class MarketParameters:
    """The market: ecosystem lock-in (M5), pricing and negotiation (M6), procurement and supply (M7)."""

    # --- M5 ecosystem lock-in -----------------------------------------------------------
    switching_cost: float = _p(
        2.158,
        "cost of moving compute per unit of maturity gap, as a fraction of cost per effective unit",
        "fraction",
        0.0,
        10.0,
    )
    maturity_installed_base_gain: float = _p(
        0.06,
        "alpha: software stack gained per quarter per unit of installed-base share^e",
        "per quarter",
        0.0,
        1.0,
    )
    maturity_investment_gain: float = _p(
        0.03,
        "beta: software stack gained per quarter per unit of software-investment share^e",
        "per quarter",
        0.0,
        1.0,
    )
    maturity_decay: float = _p(
        0.03, "delta: share of a software stack lost per quarter without renewal", "per quarter", 0.0, 1.0
    )
    maturity_share_exponent: float = _p(
        0.4077,
        "e: returns to share in a software stack, L gains alpha I^e + beta S^e (1 linear; < 1 open "
        "frameworks carry part of a small platform's software)",
        "",
        0.1,
        1.0,
    )
    incumbent_maturity: float = _p(0.9, "incumbent's software maturity in 2020 (CUDA)", "[0,1]", 0.0, 1.0)
    challenger_maturity: float = _p(0.441, "challenger's maturity in 2020 (ROCm)", "[0,1]", 0.0, 1.0)
    cpu_vendor_maturity: float = _p(0.3, "CPU vendor's accelerator maturity in 2020", "[0,1]", 0.0, 1.0)
    startup_maturity: float = _p(0.15, "a start-up's maturity at entry", "[0,1]", 0.0, 1.0)
    in_house_maturity: float = _p(
        0.45,
        "an in-house platform's maturity at launch, and the floor (a share of the frontier) its owner "
        "keeps it at",
        "[0,1]",
        0.0,
        1.0,
    )
    portability_start: float = _p(0.0, "portability (Triton/ROCm-like layers) in 2020", "[0,1]", 0.0, 1.0)
    portability_growth_per_year: float = _p(0.03, "yearly rise in portability", "per year", 0.0, 1.0)
    portability_max: float = _p(0.5, "ceiling of portability", "[0,1]", 0.0, 1.0)

    installed_compute_2020: float = _p(
        2e6, "effective compute installed before 2020 (scale of the installed base that builds maturity)",
        "effective compute", 0.0, 1e15,
    )  # fmt: skip
    incumbent_installed_share_2020: float = _p(
        0.8, "incumbent's share of the installed base of 2020", "share", 0.0, 1.0
    )
    challenger_installed_share_2020: float = _p(
        0.04, "challenger's share of the installed base of 2020", "share", 0.0, 1.0
    )
    cpu_vendor_installed_share_2020: float = _p(
        0.02, "CPU vendor's share of the installed base of 2020", "share", 0.0, 1.0
    )
    startup_installed_share_2020: float = _p(
        0.01, "each start-up's share of the installed base of 2020", "share", 0.0, 1.0
    )
    in_house_installed_share_2020: float = _p(
        0.1, "each shipping in-house chip's share of the installed base of 2020", "share", 0.0, 1.0
    )
    inference_installed_share_2020: float = _p(
        0.2, "share of the compute installed before 2020 that runs inference (the frontier's 2020 intensity)",
        "share", 0.0, 1.0,
    )  # fmt: skip
    chip_owner_home_blend: float = _p(
        0.5, "a 2020 chip owner's home platform: from the incumbent's maturity (0) to its chip's (1)",
        "fraction", 0.0, 1.0,
    )  # fmt: skip
    # --- M6 pricing and negotiation -----------------------------------------------------
    incumbent_pricing: str = _p("defensive", "incumbent's pricing strategy", choices=PRICING_STRATEGIES)
    challenger_pricing: str = _p(
        "responsive", "challenger GPU vendor's pricing strategy", choices=PRICING_STRATEGIES
    )
    cpu_vendor_pricing: str = _p("cost_plus", "CPU vendor's pricing strategy", choices=PRICING_STRATEGIES)
    startup_pricing: str = _p("penetration", "start-ups' pricing strategy", choices=PRICING_STRATEGIES)
    incumbent_markup: float = _p(
        3.582,
        "incumbent's target markup over unit cost (gross margin = m / (1 + m)), before scarcity",
        "",
        0.0,
        20.0,
    )
    challenger_markup: float = _p(0.9497, "challenger's target markup", "", 0.0, 20.0)
    cpu_vendor_markup: float = _p(0.8, "CPU vendor's target markup", "", 0.0, 20.0)
    startup_markup: float = _p(0.8, "start-ups' target markup", "", 0.0, 20.0)
    penetration_markup: float = _p(0.4, "markup while below the penetration share target", "", 0.0, 20.0)
    penetration_share_target: float = _p(
        0.05, "revenue share above which a penetration pricer returns to its target markup", "share", 0.0, 1.0
    )
    defensive_markup_cut: float = _p(
        2.0, "gamma: markup cut per unit of revenue share lost from its peak", "", 0.0, 100.0
    )
    markup_floor: float = _p(0.3, "lowest markup a defensive or responsive pricer goes to", "", 0.0, 20.0)
    street_discount: float = _p(
        0.3505,
        "the discount off list vendors expect large buyers to bargain: a responsive pricer lowers its list "
        "when they bargain more and raises it when they pay more, and every vendor books supply at its "
        "list less it (capacity then price)",
        "fraction",
        0.0,
        0.9,
    )
    list_price_adjustment: float = _p(
        0.25,
        "a: how far a responsive pricer moves its list per quarter toward what buyers pay",
        "per quarter",
        0.0,
        1.0,
    )
    value_capture: float = _p(
        0.5,
        "share of the buyer's surplus over its next-best option a value-based pricer takes",
        "share",
        0.0,
        1.0,
    )
    vendor_bargaining_power: float = _p(
        0.7005, "theta in p = w + theta (V_out - w) for large buyers (w the walk-away)", "share", 0.0, 1.0
    )
    previous_generation_quarters: int = _p(
        4,
        "quarters a merchant vendor goes on selling its previous generation after a new one ships, "
        "priced at parity per unit of peak with the new part (its run-down; 0: the old part leaves at once)",
        "quarters",
        0,
        12,
    )
    max_negotiated_discount: float = _p(
        1.0,
        "largest discount off list a vendor concedes in bargaining (1: none, its walk-away is its "
        "opportunity cost alone)",
        "fraction",
        0.0,
        1.0,
    )
    in_house_overhead: float = _p(
        0.3773,
        "design partner's margin over foundry cost on an in-house chip (Broadcom-like)",
        "fraction",
        0.0,
        5.0,
    )

    # --- M7 procurement and supply ------------------------------------------------------
    price_sensitivity: float = _p(
        10.0, "beta of the logit over relative cost per effective unit", "", 0.0, 200.0
    )
    procurement_inertia: float = _p(
        0.5,
        "share of last quarter's supplier mix a buyer carries over (contracts, allocations)",
        "fraction",
        0.0,
        0.99,
    )
    qualification_premium: float = _p(
        1.098, "q: extra cost of deploying a just-shipped part (validation, porting, supply ramp), as a "
        "fraction of the cheapest option's cost per effective unit; falls linearly to 0", "fraction",
        0.0, 10.0,
    )  # fmt: skip
    qualification_quarters: int = _p(
        4, "R: quarters until a new part is qualified and its supply has ramped (0 = at once)", "quarters",
        0, 20,
    )  # fmt: skip
    cloud_markup: float = _p(
        0.3, "hyperscaler's markup when reselling compute as cloud", "fraction", 0.0, 5.0
    )
    lab_direct_overhead: float = _p(
        0.15, "extra cost for a lab to own and run chips itself rather than rent", "fraction", 0.0, 5.0
    )
    enterprise_direct_overhead: float = _p(
        0.5, "extra cost for an enterprise to own and run chips itself", "fraction", 0.0, 5.0
    )
    unit_cost_usd: float = _p(
        2500.0, "foundry cost of one accelerator package (wafer, HBM, packaging)", "USD per unit", 1.0, 1e6
    )
    running_cost_usd: float = _p(
        1500.0, "lifetime power and operations cost of one accelerator", "USD per unit", 0.0, 1e6
    )
    unit_cost_node_elasticity: float = _p(
        0.5, "e in a generation's unit cost c_0 P_node^e (its peak grows as P_node^(1+e)): later parts are "
        "bigger and dearer, peak per dollar still follows the node", "", 0.0, 3.0,
    )  # fmt: skip
    foundry_capacity_units: float = _p(
        646_700.0, "advanced-packaging capacity in 2020Q1 (the binding stage)", "units per quarter", 0.0, 1e12
    )
    foundry_capacity_growth_per_year: float = _p(
        1.5, "largest yearly expansion of packaging capacity (CoWoS about doubled a year in 2023-25); "
        "a negative value shrinks capacity at that rate", "per year", -0.9, 10.0,
    )  # fmt: skip
    capacity_growth_2020_per_year: float = _p(
        0.6, "yearly growth of the capacity already being built in 2020Q1 (its first lag quarters)",
        "per year", -0.9, 10.0,
    )  # fmt: skip
    capacity_lag_quarters: int = _p(
        4, "quarters from the foundry's capacity decision to capacity in use (a packaging line)", "quarters",
        1, 20,
    )  # fmt: skip
    capacity_headroom: float = _p(
        0.1613, "spare capacity the foundry plans over the orders it expects", "fraction", 0.0, 2.0
    )
    backlog_cancel_share: float = _p(
        0.25, "share of the money of waiting (unfilled) orders that buyers cancel each quarter", "fraction",
        0.0, 1.0,
    )  # fmt: skip
    scarcity_markup: float = _p(
        1.85, "sigma in m (1 + sigma L / (1 + L)): how much a lead time of L quarters raises vendors' "
        "markups", "", 0.0, 10.0,
    )  # fmt: skip
    capacity_booking: str = _p(
        "planned_sales",
        "what suppliers book supply for a lag ahead: the sales they plan at their planned price (capacity "
        "then price: a vendor whose buyers pay less than it plans books fewer chips than they order, and "
        "orders beyond its booking raise its walk-away), or the orders they see",
        choices=CAPACITY_BOOKINGS,
    )
    booking_price_speed: float = _p(
        0.298, "k in u_t = u_(t-1) + k ln(orders / booked chips): how fast a supplier moves its price for "
        "orders beyond its booking (0: never)", "per quarter", 0.0, 5.0,
    )  # fmt: skip
    booking_price_fall_ratio: float = _p(
        0.25, "r: how fast a supplier lowers that price while its booking is slack, as a share of how fast "
        "it raises it while orders outrun the booking (1: as fast)", "fraction", 0.0, 1.0,
    )  # fmt: skip
    rationing_rule: str = _p(
        "pro_rata",
        "how scarce capacity is shared: pro rata, or by priority: hyperscalers (their own and all cloud "
        "capacity), then labs, then enterprises' direct orders",
        choices=RATIONING_RULES,
    )
    waiting_cost_per_quarter: float = _p(
        0.5427, "w in w min(L, H): what a quarter's wait for a chip costs its buyer, as a fraction of the "
        "cheapest option's cost (H the foundry's capacity lag)", "per quarter", 0.0, 5.0,
    )  # fmt: skip
    allocation_history_weight: float = _p(
        0.5561, "h: the weight of past sales (turn and earn) against this quarter's orders in the key by "
        "which the foundry shares scarce capacity among its accounts (0: one pool for every order)",
        "fraction", 0.0, 1.0,
    )  # fmt: skip
    chip_life_quarters: int = _p(20, "quarters an installed chip delivers compute", "quarters", 1, 80)
