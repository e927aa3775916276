"""References resolve: what code, messages and docs cite is in the repository (a file, a section, an anchor)."""

import re
import subprocess

import pytest

from cfu.paths import REPO_ROOT

TEXT_SUFFIXES = {".py", ".c", ".h", ".S", ".v", ".cpp", ".md", ".ld", ".sh", ".toml"}
#: ``docs/<file>.md`` and, when a quoted heading follows (``docs/<file>.md, "Heading"``), that heading.
DOC_REFERENCE = re.compile(r'\bdocs/([\w-]+\.md)(?:,\s*"([^"]+)")?')
#: A Markdown link to a section: ``[text](x.md#anchor)`` or ``[text](#anchor)``.
SECTION_LINK = re.compile(r"\]\(([\w./-]*\.md)?#([\w-]+)\)")
#: How code once cited the team's design brief, which is not in the repository (spelled so as not to match here).
OUTSIDE_BRIEF = "DESIGN \N{SECTION SIGN}"


def _tracked_texts() -> dict[str, str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.fail(f"git ls-files failed in {REPO_ROOT}: {listed.stderr.strip()}")
    paths = [REPO_ROOT / name for name in listed.stdout.splitlines()]
    return {str(p.relative_to(REPO_ROOT)): p.read_text(errors="replace")
            for p in paths if p.is_file() and (p.suffix in TEXT_SUFFIXES or p.name == "Makefile")}


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if re.match(r"#{1,6} ", line)]


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_references_resolve():
    texts = _tracked_texts()
    problems = [f"{name}: cites the design brief, a document outside the repository"
                for name, text in texts.items() if OUTSIDE_BRIEF in text]
    for name, text in texts.items():
        for doc, heading in DOC_REFERENCE.findall(text):
            target = texts.get(f"docs/{doc}")
            if target is None:
                problems.append(f"{name}: docs/{doc} does not exist")
            elif heading and not any(h.startswith(heading) for h in _headings(target)):
                problems.append(f'{name}: docs/{doc} has no section "{heading}"')
        if name.endswith(".md"):
            folder = name.rpartition("/")[0]
            for linked, anchor in SECTION_LINK.findall(text):
                target_name = f"{folder}/{linked}".lstrip("/") if linked else name
                target = texts.get(target_name)
                if target is None or anchor not in {_anchor(h) for h in _headings(target)}:
                    problems.append(f"{name}: link to {target_name}#{anchor} finds no such section")
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_missing_section():
    assert DOC_REFERENCE.findall('see docs/interfaces.md,\n    "No such part"') == [("interfaces.md", "No such part")]
    assert _anchor("CPU-CFU interface") == "cpu-cfu-interface"
    assert _anchor("Bad input, and what it gets") == "bad-input-and-what-it-gets"
