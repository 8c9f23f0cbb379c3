"""Where the estimation's particles are simulated (this process, local processes or a Dask cluster),
each proposal seeded from the estimation's seed, so a calibration is the same on every executor.

pyabc's samplers for a pool or a cluster (``DaskDistributedSampler``, ``ConcurrentFutureSampler``:
its "EPS" scheduling) number their jobs 0, 1, 2, ... in the order they submit them and, whatever
order jobs finish in, build a generation from the jobs in number order up to the ``n``-th accepted
one, cancelling or discarding the rest. The generation is then the one a single core evaluating
proposals 0, 1, 2, ... in turn would have made, provided each proposal's outcome depends on its
number alone. pyabc's job function does not give that: it reseeds numpy from the operating
system's entropy in every job. :func:`run_proposals` replaces it (through :class:`_SeedingClient`)
and seeds numpy's global generator, from which pyabc draws priors and perturbations, from
(estimation seed, generation, proposal number); the model's own seeds are the estimation's fixed
seeds per particle. Proposals are one per job (``batch_size=1``) and the generation's model-run
count is the proposals up to the ``n``-th accepted (as on a single core), not what the cluster
happened to run ahead, so a budget stops at the same generation too.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import Future
from contextlib import contextmanager

import cloudpickle
import numpy as np
import pyabc

from ..experiments import workers

# A Dask worker may run several threads, which share numpy's global generator: one proposal at a time
# per process keeps each proposal's draws its own (the model holds the GIL, so little is lost).
_one_proposal_at_a_time = threading.Lock()


def run_proposals(simulate_one_pickle: bytes, proposal_ids: list[int], seed: int, generation: int) -> list:
    """One job: each proposal drawn and simulated with numpy seeded from (seed, generation, its number).

    Returns what pyabc's job function returns: (particle, accepted, number) per proposal."""
    simulate_one = cloudpickle.loads(simulate_one_pickle)
    results = []
    for proposal in proposal_ids:
        # generation -1 is pyabc's calibration sample from the prior: entropy words must be >= 0
        state = np.random.SeedSequence([seed, generation + 1, proposal]).generate_state(1)[0]
        with _one_proposal_at_a_time:
            np.random.seed(state)
            random.seed(int(state))
            particle = simulate_one()
        particle.proposal_number = proposal  # read back by _Seeded to count the generation's runs
        results.append((particle, particle.accepted, proposal))
        workers.after_run()  # in a local worker process, free the model's cycles now
    return results


class _SeedingClient:
    """Stands in for the executor a pyabc EPS sampler submits to: its jobs run :func:`run_proposals`."""

    def __init__(self, executor, seed: int):
        self.executor = executor
        self.seed = seed
        self.generation = 0  # set by the sampler before each generation

    def submit(self, _entropy_seeded_job, simulate_one_pickle, batch_size, proposal_ids):
        return self.executor.submit(
            run_proposals, simulate_one_pickle, proposal_ids, self.seed, self.generation
        )

    def __getattr__(self, name):  # ncores() and close() of a Dask client
        return getattr(self.executor, name)


class _Seeded:
    """Mixed into a pyabc EPS sampler: seeded proposals, and runs counted as a single core would."""

    def seed_proposals(self, seed: int) -> None:
        self.client = _SeedingClient(self.client, seed)

    def sample_until_n_accepted(self, n, simulate_one, t, **kwargs):
        self.client.generation = t
        sample = super().sample_until_n_accepted(n, simulate_one, t, **kwargs)
        self.nr_evaluations_ = 1 + max(p.proposal_number for p in sample.accepted_particles)
        return sample


class SeededDaskSampler(_Seeded, pyabc.sampler.DaskDistributedSampler):
    """pyabc's Dask sampler with seeded proposals: as many jobs in flight as the cluster has threads."""

    def __init__(self, client, seed: int):
        super().__init__(client, batch_size=1)
        self.seed_proposals(seed)


class SeededFutureSampler(_Seeded, pyabc.sampler.ConcurrentFutureSampler):
    """pyabc's sampler over a ``concurrent.futures`` executor with seeded proposals: ``jobs`` in flight."""

    def __init__(self, executor, seed: int, jobs: int):
        super().__init__(executor, client_max_jobs=jobs, batch_size=1)
        self.seed_proposals(seed)


class InProcess:
    """A ``concurrent.futures``-like executor that runs each job at once, here (one worker)."""

    def submit(self, fn, *args):
        future = Future()
        future.set_result(fn(*args))
        return future


def check_executor(executor: str, scheduler: str | None, workers: int) -> None:
    """Bad options as errors that name the option and what it allows."""
    from ..experiments import ExperimentError
    from .estimate import EXECUTORS

    if executor not in EXECUTORS:
        raise ExperimentError(f"executor '{executor}' is not allowed; allowed: {', '.join(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        raise ExperimentError(
            f"a scheduler ({scheduler}) needs executor 'dask', not '{executor}'; allowed executors: "
            f"{', '.join(EXECUTORS)}"
        )
    if workers < 1:
        raise ExperimentError(f"workers = {workers} is not allowed; allowed: an integer >= 1")


@contextmanager
def open_sampler(executor: str, workers: int, scheduler: str | None, seed: int):
    """The sampler of an estimation, closed with its pool or cluster on exit: ``processes`` with one
    worker runs in this process, with more in a pool of local processes; ``dask`` on the cluster at
    ``scheduler``, or on a local cluster of ``workers`` processes started here (as sweeps do)."""
    from ..experiments.executors import Backend, dask_client, process_pool

    check_executor(executor, scheduler, workers)
    if executor == "dask":
        with dask_client(Backend(workers, scheduler)) as client:
            yield SeededDaskSampler(client, seed)
    elif workers == 1:
        yield SeededFutureSampler(InProcess(), seed, jobs=1)
    else:
        with process_pool(workers) as pool:
            yield SeededFutureSampler(pool, seed, jobs=workers)
