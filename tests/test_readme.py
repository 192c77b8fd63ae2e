"""The README's promises: it opens with the two commands, and its hook table is the real one."""

from __future__ import annotations

from pathlib import Path

from viz_transformer.commands.hooks import markdown

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands == ["make lab", "make test"]


def test_readme_hook_table_lists_every_hook_with_its_shape() -> None:
    table = README.split("<!-- hook-table:start -->\n", 1)[1].split("\n<!-- hook-table:end -->")[0]
    assert table == markdown("encoder-decoder")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line for line in script.splitlines() if line and not line.startswith(("#", "set", "cd"))
    ]
    assert commands == ["make test"]


def test_readme_text_to_answer_example_runs_and_answers_as_shown() -> None:
    section = README.split("## From a text to its answer, and to its pictures\n", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # the example as a reader copies it
    vt, model, tokenizer = namespace["vt"], namespace["model"], namespace["tokenizer"]
    shown = code.split("# → '", 1)[1].split("'", 1)[0]
    assert namespace["answer"] == shown
    assert vt.generate_text(model, tokenizer, namespace["message"]) == shown
    assert namespace["run"].output_text == shown
