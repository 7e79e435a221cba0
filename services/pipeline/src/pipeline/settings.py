"""The pipeline's settings: the shared ones plus where visit photos are kept."""

from __future__ import annotations

from pathlib import Path

from servicekit.settings import ServiceSettings


class PipelineSettings(ServiceSettings):
    data_dir: Path = Path(".data")          # SALESOS_DATA_DIR (the runner's data)
    photo_dir: Path | None = None           # SALESOS_PHOTO_DIR; default <data_dir>/pipeline/photos

    @property
    def photos_root(self) -> Path:
        return self.photo_dir or self.data_dir / "pipeline" / "photos"
