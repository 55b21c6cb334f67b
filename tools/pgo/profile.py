"""Runs the PGO training binary and leaves its profile where the optimised build looks for it.

usage: profile.py TRAINER PROFILE_DIR STAMP TRAIN_OBJECTS_DIR FINAL_OBJECTS_DIR ROUNDS DIR...

GCC names each profile after its object file's path ('/' written '#'). The training library
and the optimised one are two targets of one build, so their objects differ only in the
target's directory (TRAIN_OBJECTS_DIR, FINAL_OBJECTS_DIR): each profile is renamed to the
optimised object's name. STAMP (a header the optimised library's sources wait for) records
how many profiles there are.
"""

import os
import shutil
import subprocess
import sys


def main() -> int:
    trainer, profile_dir, stamp, train_dir, final_dir, rounds, *dirs = sys.argv[1:]
    shutil.rmtree(profile_dir, ignore_errors=True)   # never mix in counts of an older build
    os.makedirs(profile_dir)
    subprocess.run([trainer, rounds, *dirs], check=True)
    train_key, final_key = "#" + train_dir + "#", "#" + final_dir + "#"
    count = 0
    for name in os.listdir(profile_dir):
        if train_key in name:
            os.replace(os.path.join(profile_dir, name),
                       os.path.join(profile_dir, name.replace(train_key, final_key)))
            count += 1
    if not count:
        sys.exit(f"profile.py: no profile of {train_dir} in {profile_dir}")
    with open(stamp, "w") as fh:
        fh.write(f"/* {count} profiles of the PGO training run in {profile_dir} */\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
