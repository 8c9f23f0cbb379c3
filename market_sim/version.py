"""The model's version: bumped whenever a change alters a run's outputs for the same scenario and seed.

It is written to every run.json, to a sweep's plan and into every run id, so results of two model
versions are never mixed; the golden files of ``tests/golden`` record the version they were made by.
"""

MODEL_VERSION = 13
