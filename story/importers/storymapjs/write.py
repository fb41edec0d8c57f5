"""Writing the imported story as YAML: flow lists where a list is short, the warnings as the file's
header comment."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


def flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def dump_yaml(root: CommentedMap, header: list[str]) -> str:
    root.yaml_set_start_comment("\n".join(header))
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # long titles stay on one line
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(root, stream)
    return stream.getvalue()
