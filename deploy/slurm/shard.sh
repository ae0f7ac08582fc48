#!/bin/bash
# One shard of an archive, as a task of a Slurm job array (or a pod of a
# Kubernetes Indexed Job: deploy/k8s/ingest-job.yaml runs this same script).
#
#   jobid=$(sbatch --parsable --array=0-7 deploy/slurm/shard.sh /shared/arsip /shared/iki 8)
#   sbatch --dependency=afterok:$jobid deploy/slurm/merge.sh /shared/iki
#
# Task T (SLURM_ARRAY_TASK_ID, or JOB_COMPLETION_INDEX under Kubernetes;
# 0-based) ingests share T+1 of N into its own dataset, WORK/shards/T. N is the
# third argument; under Slurm it defaults to the array's size (highest task id
# + 1). Give N whenever the array does not hold every shard, e.g. when one
# shard is submitted again alone (--array=5 ... 8).
#
# A task that is killed or requeued resumes where it stopped: records already
# written to its shard are skipped, so the merge equals one uninterrupted run.
# The exit status is 0 also when some documents failed (iki's status 1: their
# records say why), so that afterok holds; it is non-zero when iki itself
# could not run (status 2) or was killed.
#SBATCH --job-name=iki-shard
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --requeue
set -u
ARCHIVE=${1:?archive folder}
WORK=${2:?work folder (shared by all nodes)}
T=${SLURM_ARRAY_TASK_ID:-${JOB_COMPLETION_INDEX:?run this script as a Slurm array task (sbatch --array) or a Kubernetes Indexed Job}}
N=${3:-$(( ${SLURM_ARRAY_TASK_MAX:?give the number of shards as the third argument} + 1 ))}
IKI=${IKI:-iki}
"$IKI" ingest "$ARCHIVE" --out "$WORK/shards/$T" --shard "$(( T + 1 ))/$N" --jobs "${SLURM_CPUS_PER_TASK:-$(nproc)}" --quiet
status=$?
# 1: the batch completed and some documents failed (by design: each has a record).
[ "$status" -le 1 ] || exit "$status"
