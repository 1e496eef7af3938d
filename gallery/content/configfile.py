"""The MkDocs configuration file (mkdocs.yml) as our commands read it before MkDocs does: a
missing file (E442) or one YAML cannot read (E443, with the line and the reason in Chinese)
is told in one line; MkDocs would say so in English ("Config file … does not exist", "MkDocs
encountered an error parsing the configuration file")."""

from __future__ import annotations

from pathlib import Path

import yaml

from gallery.content.read import yaml_problem
from gallery.problems import Problem, problem

CONFIG_FILE = "mkdocs.yml"
MKDOCS_TAGS = ("!ENV", "!relative")  # what MkDocs' loader reads beside YAML's safe types
PYTHON_TAG = "tag:yaml.org,2002:python/"


def config_problem(config_file: Path, root: Path) -> Problem | None:
    """E442 when the MkDocs configuration file is missing, E443 at the line YAML stops at
    when it cannot be read (composed only: MkDocs' own tags such as !ENV need no loader)."""
    shown = config_file.relative_to(root).as_posix() if config_file.is_relative_to(root) \
        else str(config_file)
    try:
        text = config_file.read_text("utf-8")
    except FileNotFoundError:
        return problem(shown, 1, "E442", name=shown)
    except UnicodeDecodeError:
        return problem(shown, 1, "E443", name=shown, why="文件不是 UTF-8 编码")
    except OSError:
        return None  # unreadable for another reason: MkDocs says which
    try:
        root_node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return problem(shown, mark.line + 1 if mark else 1, "E443", name=shown,
                       why=yaml_problem(err.problem or ""))
    except yaml.YAMLError:
        return problem(shown, 1, "E443", name=shown, why=yaml_problem(""))
    tagged = foreign_tag(root_node)
    if tagged is not None:  # `!!python/object/apply:…`: refused by the safe loader publishing uses
        return problem(shown, tagged.start_mark.line + 1, "E443", name=shown,
                       why=yaml_problem("could not determine a constructor for the tag"))
    return None


def foreign_tag(node: yaml.Node | None) -> yaml.Node | None:
    """The first node tagged with something YAML's safe loader and MkDocs' own tags (!ENV,
    !relative) do not read, e.g. `!!python/object/apply:os.system`."""
    stack = [node] if node is not None else []
    while stack:
        found = stack.pop()
        tag = found.tag or ""
        if tag.startswith(PYTHON_TAG) or (tag.startswith("!") and tag not in MKDOCS_TAGS):
            return found
        if isinstance(found, yaml.MappingNode):
            stack += [part for pair in found.value for part in pair]
        elif isinstance(found, yaml.SequenceNode):
            stack += found.value
    return None
