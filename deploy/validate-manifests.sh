#!/usr/bin/env bash
# Checks the deployment manifests with what runs without Docker or a cluster: every YAML document parses;
# every Kustomize resource and patch exists; the example overlay is built (base + patches, a plain merge
# that stands in for `kustomize build`); every Deployment has startup, liveness and readiness probes on the
# Quarkus health endpoints, resource requests and limits, and takes its database password from a Secret;
# no manifest carries a literal password; every topic the services name exists as a KafkaTopic; the compose
# file names every service with a health check. Exits non-zero on the first class of failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
if ! $PY -c 'import yaml' 2>/dev/null; then
  echo "[manifests] installing python3-yaml"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null
fi
exec $PY - "$ROOT" <<'PYTHON'
import copy, pathlib, re, sys, yaml

root = pathlib.Path(sys.argv[1])
deploy = root / "deploy"
failures, checks = [], 0

def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)

def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]

files = sorted(list((deploy / "kubernetes").rglob("*.yaml")) + [deploy / "docker-compose.yml"])
docs = {}
for f in files:
    try:
        docs[f] = load_all(f)
        check(True, f"{f} parses")
    except yaml.YAMLError as e:
        check(False, f"{f} does not parse: {e}")

def build(directory):
    """A minimal `kustomize build`: resources (files or directories), namespace, image names, patches."""
    k = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    out = []
    for resource in k.get("resources", []):
        target = (directory / resource).resolve()
        check(target.exists(), f"{directory}/kustomization.yaml: resource {resource} exists")
        if target.is_dir():
            out += build(target)
        elif target.exists():
            out += load_all(target)
    for patch in k.get("patches", []):
        target = directory / patch["path"]
        check(target.exists(), f"{directory}: patch {patch['path']} exists")
        for p in load_all(target):
            matches = [d for d in out if d["kind"] == p["kind"] and d["metadata"]["name"] == p["metadata"]["name"]]
            check(len(matches) == 1, f"patch {patch['path']} matches one {p['kind']} {p['metadata']['name']}")
            for d in matches:
                merge(d, p)
    for image in k.get("images", []):
        for d in out:
            for c in containers(d):
                if c["image"].split(":")[0] == image["name"]:
                    c["image"] = f"{image.get('newName', image['name'])}:{image.get('newTag', 'latest')}"
    if "namespace" in k:
        for d in out:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = k["namespace"]
    return out

def merge(base, patch):
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)

def containers(d):
    if d.get("kind") != "Deployment":
        return []
    return d["spec"]["template"]["spec"]["containers"]

for directory in [deploy / "kubernetes" / "base", deploy / "kubernetes" / "overlays" / "example"]:
    built = build(directory)
    deployments = [d for d in built if d["kind"] == "Deployment"]
    check(len(deployments) == 3, f"{directory.name}: three Deployments")
    for d in deployments:
        name = d["metadata"]["name"]
        for c in containers(d):
            for probe, path in (("startupProbe", "/q/health/started"), ("livenessProbe", "/q/health/live"),
                                ("readinessProbe", "/q/health/ready")):
                check(c.get(probe, {}).get("httpGet", {}).get("path") == path, f"{name}: {probe} on {path}")
            resources = c.get("resources", {})
            check("requests" in resources and "limits" in resources, f"{name}: resource requests and limits")
            env = {e["name"]: e for e in c.get("env", [])}
            check("secretKeyRef" in env.get("DB_PASSWORD", {}).get("valueFrom", {}), f"{name}: DB_PASSWORD from a Secret")
    if directory.name == "example":
        check(all(d["metadata"].get("namespace") == "livelihood-example" for d in built if d["kind"] != "Namespace"),
              "overlay: every resource in its namespace")
        progress = [d for d in deployments if d["metadata"]["name"] == "progress-service"][0]
        check(progress["spec"]["replicas"] == 2, "overlay: progress-service patched to 2 replicas")
        check(all(c["image"].startswith("registry.example.gov.cn/") for d in deployments for c in containers(d)),
              "overlay: images pinned")

topics = {d["spec"]["topicName"] for f, ds in docs.items() for d in ds if d.get("kind") == "KafkaTopic"}
named = set()
for java in root.glob("*/src/main/java/**/*.java"):
    named |= set(re.findall(r'"(livelihood\.[a-z]+\.events)"', java.read_text(encoding="utf-8")))
for topic in sorted(named):
    check(topic in topics, f"topic {topic} exists as a KafkaTopic")
for group, source in (("progress-service", "livelihood.project.events"), ("notification-service", "livelihood.project.events"),
                      ("notification-service", "livelihood.progress.events")):
    check(f"{source}.dlt.{group}" in topics, f"dead-letter topic {source}.dlt.{group} exists")

for f, ds in docs.items():
    text = f.read_text(encoding="utf-8")
    check(not re.search(r"(?i)password\s*:\s*['\"]?[A-Za-z0-9]{3,}", text.replace("${DB_PASSWORD", "")),
          f"{f}: no literal password")

compose = docs[deploy / "docker-compose.yml"][0]
for service in ("kafka", "postgres", "project-service", "progress-service", "notification-service"):
    check(service in compose["services"], f"compose: {service} defined")
    check("healthcheck" in compose["services"].get(service, {}), f"compose: {service} has a health check")
check(compose["services"]["kafka"]["image"].startswith("apache/kafka:"), "compose: the official Apache Kafka image")

for failure in failures:
    print(f"[manifests] FAILED: {failure}")
print(f"[manifests] {checks - len(failures)} of {checks} checks passed over {len(files)} files")
sys.exit(1 if failures else 0)
PYTHON
