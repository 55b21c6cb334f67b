"""Options shared by the ``observe`` commands that walk a tree (cli.py, cli_business.py)."""

import click


def walk_options(command):
    """The options every command that walks a tree shares."""
    for option in reversed([
        click.option("--backend", type=click.Choice(["auto", "native", "python"]),
                     default="auto", show_default=True, help="C core or the pure-Python backend."),
        click.option("-j", "--jobs", type=click.IntRange(min=1),
                     help="Worker threads (default: all cores)."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip paths matching this gitignore-style glob (repeatable)."),
        click.option("--no-gitignore", is_flag=True, help="Do not honour .gitignore files."),
        click.option("--follow-symlinks", is_flag=True,
                     help="Follow symbolic links (loops are detected)."),
    ]):
        command = option(command)
    return command
