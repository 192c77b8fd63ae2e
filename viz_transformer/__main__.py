"""Command line: ``python -m viz_transformer <command>``; each command lives in ``commands/``."""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import VizTransformerError

# command name → module in viz_transformer.commands exposing add_arguments(parser) and run(args)
COMMANDS = {"classroom": "classroom", "export": "export", "hooks": "hooks", "train": "train"}


def main(argv: list[str] | None = None) -> int:
    """Run a command as ``python -m viz_transformer`` would, and return its exit status.

    >>> vt.command(["export", "--help"])
    """
    parser = argparse.ArgumentParser(prog="python -m viz_transformer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"viz_transformer.commands.{module_name}")
        module.add_arguments(sub.add_parser(name, help=module.__doc__.splitlines()[0]))
    args = parser.parse_args(argv)
    module = importlib.import_module(f"viz_transformer.commands.{COMMANDS[args.command]}")
    try:
        return module.run(args) or 0
    except VizTransformerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
