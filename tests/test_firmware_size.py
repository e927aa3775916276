"""Only what a model uses is linked: the kernel functions in the image are exactly those its layers call, and
the size report reads them (and the image's sections) from the linker's map."""

from __future__ import annotations

import re

import pytest
from int16_models import int16_chain_builder
from project_copies import copy_project

from cfu.fwbuild import build_firmware
from cfu.fwbuild.size import firmware_size
from cfu.model.emit import write_c
from cfu.model.importer import import_model
from cfu.model.mutants import new_operators_model
from cfu.profile.model_input import fixed_input, write_input_c


def _image_size(model_bytes: bytes, project, out):
    model = import_model(model_bytes)
    sources = [p for p in write_c(model, out) if p.suffix == ".c"]
    sources.append(write_input_c(fixed_input(model), out))
    image = build_firmware(project, extra_sources=sources, extra_include_dirs=[out], defines={"FW_HAVE_MODEL": "1"})
    called = {re.match(r"\s*(\w+)\(", layer.call).group(1) for layer in model.layers}
    return firmware_size(image.map), called


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project("proj_template", tmp_path_factory.mktemp("size"))


@pytest.mark.parametrize("name", ["16x8 chain", "int8 operators"])
def test_the_image_links_exactly_the_kernels_its_layers_call(name, project, tmp_path):
    b, inputs, outputs = int16_chain_builder()
    model = b.build(inputs, outputs) if name == "16x8 chain" else new_operators_model()
    size, called = _image_size(model, project, tmp_path)
    assert set(size.kernels) == called
    assert size.kernel_code > 0 and size.code > size.kernel_code
    assert size.image == size.code + size.constants + size.data and size.bss > 0
    assert re.fullmatch(r"firmware [\d,]+ B \(code [\d,]+, constants [\d,]+, data [\d,]+\) \+ bss [\d,]+ B; "
                        rf"{len(called)} kernel functions linked, [\d,]+ B of code", size.summary())
