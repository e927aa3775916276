"""A format-neutral document (sections of paragraphs, tables and images) written as Markdown or as one
self-contained HTML page (images inlined as base64, no network)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

__all__ = ["Table", "Image", "Section", "Document", "to_markdown", "to_html"]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Image:
    alt: str
    png: bytes
    #: The file name the Markdown links to (it sits beside datasheet.md).
    file: str


@dataclass
class Section:
    title: str
    blocks: list[str | Table | Image] = field(default_factory=list)


@dataclass
class Document:
    title: str
    sections: list[Section]


def to_markdown(document: Document) -> str:
    lines = [f"# {document.title}", ""]
    for section in document.sections:
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines.append("| " + " | ".join(block.header) + " |")
                lines.append("|" + "---|" * len(block.header))
                lines += ["| " + " | ".join(row) + " |" for row in block.rows]
            elif isinstance(block, Image):
                lines.append(f"![{block.alt}]({block.file})")
            else:
                lines.append(block)
            lines.append("")
    return "\n".join(lines)


_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
          "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #bbb;padding:0.2em 0.6em;"
          "text-align:left}th{background:#eee}img{max-width:100%}")


def to_html(document: Document) -> str:
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{esc(document.title)}</title>",
             f"<style>{_STYLE}</style></head><body>", f"<h1>{esc(document.title)}</h1>"]
    for section in document.sections:
        parts.append(f'<section id="{_anchor(section.title)}"><h2>{esc(section.title)}</h2>')
        for block in section.blocks:
            if isinstance(block, Table):
                parts.append("<table><tr>" + "".join(f"<th>{esc(cell)}</th>" for cell in block.header) + "</tr>")
                parts += ["<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in block.rows]
                parts.append("</table>")
            elif isinstance(block, Image):
                data = base64.b64encode(block.png).decode()
                parts.append(f'<img alt="{esc(block.alt)}" src="data:image/png;base64,{data}">')
            else:
                parts.append(f"<p>{esc(block)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
