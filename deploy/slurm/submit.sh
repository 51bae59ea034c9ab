#!/bin/bash
# Submits the shard array, then the render, which Slurm starts only once every task of the array
# has succeeded (afterok). Run it from the folder holding the notebook (the repository's root);
# GRADSCOPE, NOTEBOOK, SHARDS_DIR and OUT, when set, pass on to both jobs.
set -euo pipefail
here=$(dirname "$0")

shards=$(sbatch --parsable "$here/shard.sbatch")
shards=${shards%%;*}                        # --parsable prints "jobid" or "jobid;cluster"
render=$(sbatch --parsable --dependency=afterok:"$shards" "$here/render.sbatch")
echo "shards: job $shards (array), render: job ${render%%;*} (after every shard succeeds)"
