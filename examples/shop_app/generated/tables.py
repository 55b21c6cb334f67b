# Generated code: listed in .gitignore, so observe skips it.
def generated_table_lookup(x):
    return {1: "a", 2: "b"}.get(x) if x else None
