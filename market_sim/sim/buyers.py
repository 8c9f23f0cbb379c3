"""Every buyer of compute as ONE population: frontier labs, open-model labs, hyperscalers and
enterprises are rows of the same arrays with a kind column, so each buyer rule is written once and
runs for all buyers at once: workloads (M1), budgets (M9), home platform (M5), capital and stranded
capital (M9), make-or-buy reviews (M8).

Labs and hyperscalers are also Mesa agents (``LargeBuyer``), each a thin view onto its row, so that
``model.agents_by_type`` and the browser UI see them. Enterprises are rows only: there may be
millions. In the market they order together, as one customer of the supplier graph ("enterprises").
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from ..economics import ecosystem, finance, make_or_buy, workload
from ..kinds import BuyerKind
from ..scenario import Scenario
from .fleet import Fleet

ENTERPRISES = "enterprises"  # the enterprise population's node in the supplier graph
LAB_KINDS = (BuyerKind.FRONTIER_LAB, BuyerKind.OPEN_LAB)


@dataclass(frozen=True)
class BuyerRow:
    """One large buyer as set up: its kind, lag behind the frontier, offset, budget and growth."""

    name: str
    kind: BuyerKind
    lag: int
    offset: np.ndarray
    budget: float
    growth_per_year: float
    direct_overhead: float


class LargeBuyer(mesa.Agent):
    """A lab or hyperscaler: a view onto its row of the buyer population."""

    def __init__(self, model, row: int, name: str, kind: BuyerKind):
        super().__init__(model)
        self.row = row
        self.name = name
        self.kind = kind

    @property
    def program(self):
        return self.model.population.programs[self.row]

    @property
    def budget(self) -> float:
        return float(self.model.population.budget[self.row])

    @property
    def workload(self) -> np.ndarray:
        return self.model.population.workloads[self.row]

    def workload_at(self, step: int) -> np.ndarray:
        return self.model.population.workload_of(self.name, step)


class BuyerPopulation:
    """All buyers' state as arrays, one row per buyer: large buyers first, then enterprises."""

    def __init__(self, large: list[BuyerRow], p: Scenario, rng: np.random.Generator):
        n_ent = p.n_enterprises
        # Lognormal sizes with the given mean: a few large enterprises, many small ones.
        sigma = p.enterprise_budget_sigma
        ent_budget = p.enterprise_budget_usd * rng.lognormal(-(sigma**2) / 2, sigma, size=n_ent)
        ent_offsets = rng.normal(0.0, p.enterprise_workload_spread, size=(n_ent, workload.N_DIMS))
        n_large = len(large)
        self.n = n_large + n_ent
        self.names = [b.name for b in large]
        self.kind = np.array([b.kind for b in large] + [BuyerKind.ENTERPRISE] * n_ent, dtype=object)
        self.lag = np.array([b.lag for b in large] + [p.enterprise_lag_quarters] * n_ent, dtype=int)
        self.offsets = np.vstack(
            [np.array([b.offset for b in large]).reshape(n_large, workload.N_DIMS), ent_offsets]
        )
        self.small_model_drift = np.r_[np.zeros(n_large), np.full(n_ent, p.enterprise_small_model_drift)]
        self.budget = np.r_[[b.budget for b in large], ent_budget]
        self.growth_per_year = np.r_[
            [b.growth_per_year for b in large], np.full(n_ent, p.enterprise_growth_per_year)
        ]
        self.direct_overhead = np.r_[
            [b.direct_overhead for b in large], np.full(n_ent, p.enterprise_direct_overhead)
        ]
        self.home_maturity = np.full(self.n, p.incumbent_maturity)
        self.fleet = Fleet(self.n, p.chip_life_quarters)  # chips by vintage: compute, cost, book (M9)
        self.last_inference_spend = np.zeros(self.n)
        self.last_merchant_spend = np.zeros(self.n)
        self.review_offset = np.zeros(self.n, dtype=int)  # staggers make-or-buy reviews
        self.program_cost = np.zeros(self.n)  # what its own chip programme costs it this quarter
        self.carried = np.zeros(self.n)  # money of its orders still waiting for the foundry (M7 backlog)
        self.n_large = n_large
        self.programs: list = [None] * self.n  # a large buyer's chip programme (only large buyers have one)
        # The customers of the supplier graph: each large buyer, and the enterprises together.
        self.customers = self.names + ([ENTERPRISES] if n_ent else [])
        self.customer_of_row = np.r_[np.arange(n_large), np.full(n_ent, n_large)].astype(int)
        self.customer_first_row = np.flatnonzero(np.r_[True, np.diff(self.customer_of_row) != 0])
        self.row_of = {name: i for i, name in enumerate(self.names)}
        self.workloads = np.zeros((self.n, workload.N_DIMS))

        self.is_enterprise = self.kind == BuyerKind.ENTERPRISE
        self.is_hyperscaler = self.kind == BuyerKind.HYPERSCALER
        self._rows_by_kind: dict[BuyerKind, np.ndarray] = {}

    # -- views -------------------------------------------------------------------------------
    @property
    def n_enterprises(self) -> int:
        return int(self.is_enterprise.sum())

    def is_lab(self, name: str) -> bool:
        """Whether a customer of the graph is a lab (labs may share roadmaps, M3)."""
        return name in self.row_of and self.kind[self.row_of[name]] in LAB_KINDS

    def rows_of_kind(self, kind: BuyerKind) -> np.ndarray:
        """The rows of one kind of buyer (kept: a buyer's kind never changes, and the comparison is of
        Python objects, row by row)."""
        if kind not in self._rows_by_kind:
            self._rows_by_kind[kind] = np.flatnonzero(self.kind == kind)
        return self._rows_by_kind[kind]

    @property
    def inference_share(self) -> np.ndarray:
        return self.workloads[:, workload.INFERENCE]

    # -- M1 workloads --------------------------------------------------------------------------
    def compute_workloads(self, frontier_path: np.ndarray, history: int, step: int) -> None:
        """This quarter's workload of every buyer: the lagged frontier, an enterprise's small-model
        drift since 2020Q1, and each buyer's own offset."""
        self.workloads = self._workloads_at(frontier_path, history, step, slice(None))  # every row, as views

    def _workloads_at(
        self, path: np.ndarray, history: int, step: int, rows: np.ndarray | slice
    ) -> np.ndarray:
        shifts = self.small_model_drift[rows, None] * workload.small_model_shift(step, 1.0)[None, :]
        return workload.follower_workloads(path, step + history, self.lag[rows], self.offsets[rows], shifts)

    def workload_of(self, name: str, step: int) -> np.ndarray:
        """A large buyer's workload at any step (its roadmap, for steps ahead)."""
        m = self._frontier
        return self._workloads_at(m.path, m.history, step, np.array([self.row_of[name]]))[0]

    def attach_frontier(self, frontier) -> None:
        self._frontier = frontier

    def mean_enterprise_workload(self, fallback: np.ndarray) -> np.ndarray:
        """Budget-weighted mean workload of the enterprises: the signal they pass on their edges."""
        ent = self.is_enterprise
        if not ent.any():
            return fallback
        budget = self.budget[ent]
        return (budget[:, None] * self.workloads[ent]).sum(axis=0) / max(budget.sum(), 1e-12)

    # -- M9 budgets and capital -----------------------------------------------------------------
    def grow_budgets(self, years_since_start: float, halflife_years: float, boom=None) -> None:
        """M9: budgets grow with end-user revenue, at a rate that slows, and jump in a demand boom."""
        self.budget = self.budget * finance.budget_growth(
            self.growth_per_year, years_since_start, halflife_years, boom
        )

    def update_home_platform(
        self, used_compute: np.ndarray, used_maturity: np.ndarray, turnover: float
    ) -> None:
        """M5: the platform a buyer's code lives on drifts toward the maturity of what it ran."""
        average = used_maturity / np.maximum(used_compute, 1e-300)
        self.home_maturity = ecosystem.next_home_maturity(self.home_maturity, average, used_compute, turnover)

    @property
    def compute_budget(self) -> np.ndarray:
        """What each buyer orders compute with: its budget once it has paid its own chip programme, and
        the money of its orders still waiting from last quarter (placed again at today's prices)."""
        return np.maximum(self.budget - self.program_cost, 0.0) + self.carried

    def pay_programs(self, team_cost_per_year: float) -> None:
        """M8: an owner pays its programme's team and the NRE of its projects in progress, every quarter
        from launch (a budget too small for it pays what it can)."""
        cost = np.zeros(self.n)
        for row, prog in enumerate(self.programs[: self.n_large]):  # enterprises have no programme
            if prog is not None:
                cost[row] = team_cost_per_year / 4.0 + prog.nre_spend()
        self.program_cost = np.minimum(cost, self.budget)

    # -- M8 make or buy ------------------------------------------------------------------------
    def make_or_buy(self, step: int, p: Scenario) -> list[tuple[int, float]]:
        """M8: (row, expected net savings) of each large buyer whose review falls due this quarter and
        whose savings over a chip's life beat the hurdle times NRE plus the team's cost."""
        savings = make_or_buy.program_savings(  # on the inference its chip would serve
            self.last_inference_spend * p.in_house_servable_share * p.program_horizon_quarters,
            p.codesign_gain,
            self.last_merchant_spend * p.program_horizon_quarters,
            p.negotiating_discount,
        )
        cost = make_or_buy.program_cost(
            p.in_house_nre_usd,
            p.team_cost_usd_per_year,
            p.hiring_quarters,
            p.design_cycle_quarters + p.program_horizon_quarters,
        )
        due = (step + self.review_offset) % p.make_or_buy_review_quarters == 0
        no_program = np.ones(self.n, dtype=bool)  # enterprises have no programme
        no_program[: self.n_large] = [prog is None for prog in self.programs[: self.n_large]]
        launch = (
            ~self.is_enterprise
            & no_program
            & due
            & make_or_buy.should_make(savings, cost, p.make_or_buy_hurdle)
        )
        return [(int(i), float(savings[i] - cost)) for i in np.flatnonzero(launch)]
