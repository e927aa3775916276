"""Shared build locations: things built once per checkout live in ``build/`` at the repository top."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_BUILD = REPO_ROOT / "build"
