#!/bin/bash
# Runs the sharded sweep on the current kubectl context: the cache volume, the 4 shards, then the
# offline render once every shard has succeeded, then copies the report to ./public.
set -euo pipefail
here=$(dirname "$0")

# Waits until Job $1 has completed (status 0) or failed for good (status 1).
wait_for_job() {
  local conditions
  while :; do
    conditions=$(kubectl get job "$1" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
    case " $conditions " in
      *" Complete "*) return 0 ;;
      *" Failed "*) return 1 ;;
    esac
    sleep 10
  done
}

kubectl apply -f "$here/cache-pvc.yaml"
kubectl delete job gradscope-shards gradscope-render --ignore-not-found
kubectl apply -f "$here/shard-job.yaml"
if ! wait_for_job gradscope-shards; then
  echo "a shard failed: kubectl logs job/gradscope-shards" >&2
  exit 1
fi
kubectl apply -f "$here/render-job.yaml"
# A failed claim fails the render Job (exit 1) after writing the report: copy it out either way.
status=0
wait_for_job gradscope-render || status=1
kubectl logs job/gradscope-render

kubectl apply -f "$here/fetch-pod.yaml"
kubectl wait --for=condition=Ready --timeout=5m pod/gradscope-fetch
kubectl cp gradscope-fetch:/cache/public ./public
kubectl delete pod gradscope-fetch --wait=false
exit "$status"
