"""M4 fit: a lab's own narrow chip beats the broad GPU on the lab's workload (seeds 000, 003)."""

import pytest
from conftest import assert_consistent, window

from market_sim.economics.fit import fit_factor, segment_workload

pytestmark = pytest.mark.causal


def design_performance(chip, workload, params) -> float:
    """Effective performance of a chip's design on a workload at a common process node:
    (1 + kappa / b) * fit(w; s, b). Node and software maturity are left out: the designs alone."""
    return (1 + params.specialisation_gain / chip.breadth) * float(
        fit_factor(workload, chip.spec, chip.breadth, params.inference_dim_weight)
    )


def test_lab_own_chip_beats_broad_gpu_on_that_labs_workload(arms):
    compared = wins = 0
    for r in arms(steps=40, frontier_lab_program_year=2020.0):
        model = r["_model"]
        lab = model.labs[0]
        own, gpu = lab.program.chip, model.vendors[0].chip
        # The programme's chips can fail, and a failed successor leaves an older chip, frozen to a
        # workload the lab no longer runs, on sale: compare the lab's current chip only.
        if own is None or model.t - own.ship_step >= model.params.in_house_cadence_quarters:
            continue
        w = segment_workload(lab.workload, "inference")
        compared += 1
        wins += design_performance(own, w, model.params) > design_performance(gpu, w, model.params)
    assert compared >= 5
    assert wins == compared


def test_broad_gpu_beats_lab_chip_on_other_workloads(arms):
    """The other side of specialisation: on training, the lab's inference ASIC falls far behind."""
    for r in arms(steps=40, frontier_lab_program_year=2020.0):
        model = r["_model"]
        lab = model.labs[0]
        own, gpu = lab.program.chip, model.vendors[0].chip
        if own is None:
            continue
        w = segment_workload(lab.workload, "training")
        assert design_performance(own, w, model.params) < design_performance(gpu, w, model.params)


def in_house_share(segment, first, last):
    def measure(r):
        s = window(r["shares"], first, last)
        s = s[s["segment"] == segment]
        return (
            s.loc[s["supplier_kind"] == "in_house", "effective_compute"].sum() / s["effective_compute"].sum()
        )

    return measure


def check_m4_specialisation(broad, narrow, *, first=16, last=39):
    """Narrower in-house chips (b 0.15 against 0.4) have a higher peak (1 + 0.15/b: +45 %) and a
    steeper fall-off away from their spec: off their target, on training, they should hold at most half
    of what broad in-house chips held there (broad ones deliver a few % of peak at b 0.4, ~0 at 0.15).

    Re-set for model version 15: the check no longer asserts that narrow chips take more of the
    inference they were designed for. At the version 15 estimate they take less (-0.05 of the
    segment over 2024-29, 5 seeds; -0.16 in 2022-25): the inference workload moves within the design
    cycle and the steeper fall-off costs more than the peak gains (seed 001's risk of specialising),
    while in-house chips already hold ~0.85 of inference. Reported, not forced (ODD section 8, entry
    53)."""
    off_target = in_house_share("training", first, last)
    # Priced at their cost by generation, broad in-house chips hold well under 1 % of training, with a
    # skewed spread between seeds: a sign test across seeds, not standard errors.
    assert_consistent(
        [off_target(r) for r in narrow],
        [off_target(r) for r in broad],
        -1,
        min_relative=0.5,
        label=f"in-house share of training, narrow vs broad, steps {first}-{last}",
    )


def test_narrower_in_house_chips_lose_the_work_they_were_not_designed_for(arms):
    """Specialisation versus breadth as a lever: narrower in-house chips (higher peak, steeper
    fall-off) take less of the work they were not designed for."""
    check_m4_specialisation(arms(in_house_breadth=0.4), arms(in_house_breadth=0.15))
