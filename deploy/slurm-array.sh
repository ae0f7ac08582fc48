#!/bin/bash
# Ingest one archive in N shards as a Slurm job array, then merge.
#
#   jobid=$(sbatch --parsable deploy/slurm-array.sh /shared/arsip /shared/iki)
#   sbatch --dependency=afterany:$jobid --wrap 'iki merge /shared/iki/shards/* --out /shared/iki/dataset'
#
# Each array task ingests share SLURM_ARRAY_TASK_ID+1 of N. A task that is
# killed or requeued resumes where it stopped (records already written are skipped).
#SBATCH --job-name=iki-ingest
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --requeue
set -u
ARCHIVE=${1:?archive folder}
WORK=${2:?output folder}
N=$(( SLURM_ARRAY_TASK_MAX + 1 ))
K=$(( SLURM_ARRAY_TASK_ID + 1 ))
iki ingest "$ARCHIVE" --out "$WORK/shards/$SLURM_ARRAY_TASK_ID" --shard "$K/$N" --jobs "$SLURM_CPUS_PER_TASK" --quiet
# exit status 1 only means some documents failed (their records say why)
status=$?
[ "$status" -le 1 ]
