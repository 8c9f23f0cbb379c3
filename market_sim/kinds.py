"""The kinds of things in the market, as StrEnums: each value is the string the output tables hold.

``SupplierKind``, ``Channel`` and ``EdgeKind`` share the value ``"in_house"`` but not the meaning: a
supplier that designs for its owner, a buyer's purchase of its own chip, and the graph edge it runs on.
"""

from __future__ import annotations

from enum import StrEnum


class SupplierKind(StrEnum):
    """Who designs a chip."""

    MERCHANT = "merchant"  # established vendors: the incumbent GPU, the challenger GPU, the CPU vendor
    START_UP = "start_up"
    IN_HOUSE = "in_house"  # a lab's or hyperscaler's own programme


class BuyerKind(StrEnum):
    FRONTIER_LAB = "frontier_lab"
    OPEN_LAB = "open_lab"
    HYPERSCALER = "hyperscaler"
    ENTERPRISE = "enterprise"


class Channel(StrEnum):
    """How a buyer gets a chip's compute."""

    DIRECT = "direct"  # buys and runs merchant chips itself
    CLOUD = "cloud"  # rents them from a hyperscaler
    IN_HOUSE = "in_house"  # its own programme's chips


class EdgeKind(StrEnum):
    """What a supplier-graph edge carries."""

    FOUNDRY = "foundry"  # foundry -> designer: units made
    DIRECT = "direct"  # merchant vendor -> owner of the chips
    CLOUD = "cloud"  # hyperscaler -> the customer renting its compute
    IN_HOUSE = "in_house"  # programme -> its owner


class Segment(StrEnum):
    TRAINING = "training"
    INFERENCE = "inference"


SEGMENTS = (Segment.TRAINING, Segment.INFERENCE)


class ProjectStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SHIPPED = "shipped"
    FAILED = "failed"
    CANCELLED = "cancelled"


class EventKind(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"
    ACQUISITION = "acquisition"
    PROGRAM_LAUNCH = "program_launch"
    PROJECT_START = "project_start"
    PROJECT_FAILED = "project_failed"
    PROJECT_RESPUN = "project_respun"  # first silicon failed; fixed, the part ships late
    CHIP_SHIPPED = "chip_shipped"
    DISCONTINUITY = "discontinuity"  # the frontier workload jumps (reasoning, or dense to sparse)


class Focus(StrEnum):
    """What a chip is designed for."""

    BLEND = "blend"  # the mix of training and inference its customers run
    INFERENCE = "inference"  # an inference-specialised chip (Groq-like, most in-house ASICs)
