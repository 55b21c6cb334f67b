"""Seeded generator of a large mobile-app-like source tree, for the I/O benchmark and tests.

100,000 files in 1,000 leaf directories by default (10 x 10 x 10 nesting), of the extensions a
mixed Android/iOS/React Native checkout holds, sizes drawn from 100 bytes to 4 KB. One file in
ten holds non-ASCII text (a localized comment), as in real app sources, which are mostly ASCII. A root .gitignore ignores build output and logs, which the generator also
writes, so gitignore-aware tools have something to skip. Same seed, same tree.

    python bench/gen_tree.py OUT_DIR [--files 100000] [--dirs 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import random

EXTENSIONS = [".kt", ".java", ".swift", ".m", ".ts", ".tsx", ".js", ".dart", ".py", ".json", ".xml"]
LINES = [
    "val total = cart.items.sumOf { it.price * it.quantity }\n",
    "if (user.isLoggedIn && token != null) { refresh(token) }\n",
    "func login(email: String, password: String) async throws -> Session {\n",
    "export const fetchCart = async (id) => api.get(`/cart/${id}`);\n",
    "    return response.statusCode == 200 ? .success : .failure\n",
    "}\n",
]
NON_ASCII_LINE = "// Größe prüfen: Preis in €, Menge ≥ 1\n"
NON_ASCII_SHARE = 0.1
GITIGNORE = "build/\n*.log\n!keep.log\n"


def leaf_dirs(n_dirs: int) -> list[str]:
    """n_dirs leaf directories three levels deep ("m03/f07/s2")."""
    fan = max(1, round(n_dirs ** (1 / 3)))
    dirs = []
    for i in range(n_dirs):
        a, b, c = i // (fan * fan), (i // fan) % fan, i % fan
        dirs.append(os.path.join(f"module{a:02d}", f"feature{b:02d}", f"screen{c:02d}"))
    return dirs


def write_tree(root: str, files: int = 100_000, dirs: int = 1000, seed: int = 7) -> int:
    """Writes the tree under root; returns the number of bytes written to tracked files."""
    rng = random.Random(seed)
    total = 0
    with open(os.path.join(root, ".gitignore"), "w") as f:
        f.write(GITIGNORE)
    per_dir, extra = divmod(files, dirs)
    for d, rel in enumerate(leaf_dirs(dirs)):
        path = os.path.join(root, rel)
        os.makedirs(path, exist_ok=True)
        for k in range(per_dir + (d < extra)):
            ext = rng.choice(EXTENSIONS)
            text = "".join(rng.choice(LINES) for _ in range(rng.randint(3, 60)))
            if rng.random() < NON_ASCII_SHARE:
                text = NON_ASCII_LINE + text
            with open(os.path.join(path, f"File{k:03d}{ext}"), "w", encoding="utf-8") as f:
                f.write(text)
            total += len(text.encode())
        if d % 50 == 0:  # ignored output, as a build leaves it
            os.makedirs(os.path.join(path, "build"), exist_ok=True)
            for k in range(20):
                with open(os.path.join(path, "build", f"out{k}.class"), "w") as f:
                    f.write("cafebabe\n")
            with open(os.path.join(path, "debug.log"), "w") as f:
                f.write("log\n")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--dirs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    size = write_tree(args.out, args.files, args.dirs, args.seed)
    print(f"{args.files} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
