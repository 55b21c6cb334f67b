/*
 * train.c - the workload of profile-guided optimisation (meson.build's
 * `pgo` option): the core, built with -fprofile-generate, analyses the
 * directories given, `rounds` times, on one thread. The counts it leaves
 * tell the compiler which branches and calls are hot in the real build.
 *
 * usage: pgo_train ROUNDS DIR...
 */
#include <stdio.h>
#include <stdlib.h>

#include "observe.h"

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s ROUNDS DIR...\n", argv[0]);
        return 2;
    }
    int rounds = atoi(argv[1]);
    ob_dir_options opt = {.jobs = 1};
    for (int r = 0; r < rounds; r++) {
        for (int i = 2; i < argc; i++) {
            char err[512];
            ob_dir_report *rep = ob_analyze_directory(argv[i], &opt, err, sizeof err);
            if (!rep) {
                fprintf(stderr, "pgo_train: %s\n", err);
                return 1;
            }
            ob_dir_report_free(rep);
        }
    }
    return 0;
}
