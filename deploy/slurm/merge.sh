#!/bin/bash
# Joins the shard datasets of deploy/slurm/shard.sh into WORK/dataset. Submit it
# as a dependent job, so that it runs once every shard task has succeeded:
#
#   sbatch --dependency=afterok:$jobid deploy/slurm/merge.sh /shared/iki
#
# Running it again (after a shard was re-run) is safe: records are keyed by
# doc_id and the CSV views are rebuilt.
#SBATCH --job-name=iki-merge
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
set -eu
WORK=${1:?work folder (shared by all nodes)}
IKI=${IKI:-iki}
exec "$IKI" merge "$WORK"/shards/* --out "$WORK/dataset"
