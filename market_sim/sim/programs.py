"""A buyer's own chip programme (M8): a team that hires, then designs chips from its owner's roadmap,
which it sees almost exactly (M3), for its owner alone."""

from __future__ import annotations

import numpy as np

from ..economics import design, workload
from ..kinds import Focus, SupplierKind
from .designers import ChipDesigner, DesignerSpec


class InHouseProgram(ChipDesigner):
    """A buyer's own chip team (M8): hires for ``hiring_quarters``, then designs from its owner's roadmap."""

    def __init__(self, model, owner, *, launched_step: int, ready_step: int):
        p = model.params
        spec = DesignerSpec(
            name=f"in_house:{owner.name}",
            kind=SupplierKind.IN_HOUSE,
            breadth=p.in_house_breadth,
            focus=Focus.INFERENCE,
            cadence=p.in_house_cadence_quarters,
            nre=p.in_house_nre_usd,
            maturity=p.in_house_maturity,
        )
        super().__init__(model, spec)
        self.owner = owner
        self.launched_step = launched_step
        self.ready_step = ready_step

    @property
    def can_design(self) -> bool:
        return self.model.t >= self.ready_step

    @property
    def unit_price(self) -> float:
        """What the owner pays per chip: its generation's foundry cost plus the design partner's margin."""
        return self.unit_cost * (1.0 + self.model.params.in_house_overhead)

    def ship_probability(self) -> float:
        """Probability the programme delivers a chip: 1 once it has one on the market; for a team that
        has shipped before, 1 where a failed part is respun (M2), else 1 - p_later; for a new team,
        1 - p_first."""
        p = self.model.params
        if self.chip is not None:
            return 1.0
        if self.chips_shipped == 0:
            return 1.0 - p.first_design_failure_prob
        return 1.0 if p.respin_quarters > 0 else 1.0 - p.later_design_failure_prob

    def forecast_workload(self) -> tuple[np.ndarray, str]:
        """M3: the lab's own team sees the roadmap w(t + D) with small noise."""
        m = self.model
        future = m.population.workload_of(self.owner.name, m.t + m.params.design_cycle_quarters)
        eps = m.signal_rng.normal(size=workload.N_DIMS)
        return design.roadmap_signal(future, m.params.in_house_roadmap_noise, eps), "own roadmap"

    def target_workload_at_ship(self) -> np.ndarray:
        return self.model.population.workload_of(self.owner.name, self.model.t)
