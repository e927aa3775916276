"""The guard of conftest.py: a test that writes under ``proj/*/build`` is seen; private copies hold no build."""

import os

from project_copies import build_changes, build_state, copy_project


def test_changes_under_a_build_directory_are_named(tmp_path):
    build = tmp_path / "p" / "build"
    (build / "sim").mkdir(parents=True)
    (build / "sim" / "profile.json").write_text("{}")
    (tmp_path / "p" / "cfu.py").write_text("")
    before = build_state(tmp_path.iterdir())
    assert build_changes(before, build_state(tmp_path.iterdir())) == []

    (tmp_path / "p" / "cfu.py").write_text("# outside build: not a user's build state\n")
    (build / "sim" / "profile.json").write_text('{"golden": "fail"}')
    (build / "kosagi_fomu").mkdir()
    (build / "kosagi_fomu" / "resources.json").write_text("{}")
    assert build_changes(before, build_state(tmp_path.iterdir())) == [
        f"created {build / 'kosagi_fomu'}", f"created {build / 'kosagi_fomu' / 'resources.json'}",
        f"changed {build / 'sim' / 'profile.json'}"]


def test_a_rewrite_with_the_same_size_is_a_change(tmp_path):
    stamp = tmp_path / "p" / "build" / "cfu.v"
    stamp.parent.mkdir(parents=True)
    stamp.write_text("a")
    before = build_state([tmp_path / "p"])
    stamp.write_text("b")
    os.utime(stamp, ns=(before[stamp][0] + 1, before[stamp][0] + 1))
    assert build_changes(before, build_state([tmp_path / "p"])) == [f"changed {stamp}"]


def test_a_copy_leaves_the_build_behind(tmp_path):
    project = copy_project("proj_template", tmp_path)
    assert project.name == "proj_template" and project.root == (tmp_path / "proj_template").resolve()
    assert (project.root / "cfu.py").is_file() and not (project.root / "build").exists()
