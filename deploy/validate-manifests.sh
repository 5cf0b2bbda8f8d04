#!/usr/bin/env bash
# Checks the deployment manifests with what runs without a Docker engine or a cluster (deploy/README.md):
#  - every YAML document parses, with duplicate keys refused;
#  - docker-compose.yml passes `docker compose config` (or Debian's docker-compose 1.29, installed if
#    missing), and is refused without DB_PASSWORD;
#  - every Kustomize resource and patch exists; base and overlay are built with `kubectl kustomize` when
#    kubectl is there, and always with a minimal stand-in (resources, patches, images, namespace) whose
#    result must match it;
#  - on every build: each Deployment has startup/liveness/readiness probes on /q/health/*, requests and
#    limits, credentials from the CloudNativePG Secret, a database the Cluster has, a Service that selects
#    it; no literal secret anywhere; every topic and dead-letter topic the code uses is a KafkaTopic;
#  - compose, Dockerfiles and Kubernetes agree on ports, databases and topics.
# Prints every check; exits non-zero if any failed. Installs python3-yaml (and docker-compose) via apt-get
# when missing and running as root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3

missing=()
if ! [ -x "$PY" ] || ! "$PY" -c 'import yaml' 2>/dev/null; then missing+=(python3 python3-yaml); fi
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[manifests] installing ${missing[*]} (apt-get)"
    { apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
      echo "[manifests] apt-get could not install ${missing[*]}" >&2
  else
    echo "[manifests] missing ${missing[*]}: install them (apt-get install ${missing[*]})" >&2
  fi
fi
if ! [ -x "$PY" ] || ! "$PY" -c 'import yaml' 2>/dev/null; then
  echo "[manifests] FAILED: python3 with PyYAML is required" >&2
  exit 2
fi

exec "$PY" - "$ROOT" <<'PYTHON'
import copy, os, pathlib, re, shutil, subprocess, sys, yaml

root = pathlib.Path(sys.argv[1])
deploy = root / "deploy"
kube = deploy / "kubernetes"
SERVICES = {"project-service": (8081, "livelihood_project"),
            "progress-service": (8082, "livelihood_progress"),
            "notification-service": (8083, "livelihood_notification")}
results = []
quiet = [False]  # the stand-in build's copy of checks already printed for the real build

def check(ok, what):
    results.append((bool(ok), what))
    if not ok or not quiet[0]:
        print(f"  {'ok     ' if ok else 'FAILED '} {what}")
    return bool(ok)

def section(title):
    print(f"[manifests] {title}")

# --- YAML that refuses duplicate keys (PyYAML silently keeps the last one) ---------------------------
class Loader(yaml.SafeLoader):
    pass

def construct_mapping(loader, node):
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=True)

Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)

def load_all(text):
    return [d for d in yaml.load_all(text, Loader=Loader) if d is not None]

section("parsing")
files = sorted(kube.rglob("*.yaml")) + [deploy / "docker-compose.yml"]
docs = {}
for f in files:
    try:
        docs[f] = load_all(f.read_text(encoding="utf-8"))
        check(True, f"{f.relative_to(root)} parses ({len(docs[f])} document(s), no duplicate keys)")
    except yaml.YAMLError as e:
        check(False, f"{f.relative_to(root)} does not parse: {e}")
if not all(ok for ok, _ in results):
    print("[manifests] FAILED: a YAML file does not parse; nothing else was checked")
    sys.exit(1)

# --- Kustomize: a minimal stand-in, and the real one when kubectl (or kustomize) is here --------------
def merge(base, patch):
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)

def containers(d):
    return d["spec"]["template"]["spec"]["containers"] if d.get("kind") == "Deployment" else []

def standin_build(directory):
    k = load_all((directory / "kustomization.yaml").read_text(encoding="utf-8"))[0]
    known = {"apiVersion", "kind", "resources", "patches", "images", "namespace", "labels"}
    check(set(k) <= known, f"{directory.relative_to(root)}: only fields the stand-in understands ({sorted(set(k) - known) or 'ok'})")
    out = []
    for resource in k.get("resources", []):
        target = (directory / resource).resolve()
        if check(target.exists(), f"{directory.relative_to(root)}: resource {resource} exists"):
            out += standin_build(target) if target.is_dir() else load_all(target.read_text(encoding="utf-8"))
    for patch in k.get("patches", []):
        target = directory / patch["path"]
        if not check(target.exists(), f"{directory.relative_to(root)}: patch {patch['path']} exists"):
            continue
        for p in load_all(target.read_text(encoding="utf-8")):
            matches = [d for d in out if d["kind"] == p["kind"] and d["metadata"]["name"] == p["metadata"]["name"]]
            check(len(matches) == 1, f"patch {patch['path']} matches one {p['kind']} {p['metadata']['name']}")
            for d in matches:
                merge(d, p)
    for image in k.get("images", []):
        for d in out:
            for c in containers(d):
                if c["image"].split(":")[0] == image["name"]:
                    c["image"] = f"{image.get('newName', image['name'])}:{image.get('newTag', 'latest')}"
    for label in k.get("labels", []):
        for d in out:
            d["metadata"].setdefault("labels", {}).update(label.get("pairs", {}))
    if "namespace" in k:
        for d in out:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = k["namespace"]
    return out

def real_build(directory):
    if shutil.which("kubectl"):
        command = ["kubectl", "kustomize", str(directory)]
    elif shutil.which("kustomize"):
        command = ["kustomize", "build", str(directory)]
    else:
        return None, None
    run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return " ".join(command[:2]), (run.returncode, run.stdout, run.stderr)

def identity(d):
    return (d["kind"], d["metadata"]["name"], d["metadata"].get("namespace"))

def summary(d):
    """What the stand-in and the real build must agree on."""
    s = {"labels": d["metadata"].get("labels", {})}
    if d["kind"] == "Deployment":
        s["replicas"] = d["spec"].get("replicas")
        s["images"] = [c["image"] for c in containers(d)]
    if d["kind"] == "ConfigMap":
        s["data"] = d.get("data")
    return s

# --- the invariants of one build --------------------------------------------------------------------
def code_topics():
    """Topic names and (group, topic) consumer pairs the Java code uses."""
    constants, topics, pairs = {}, set(), set()
    for java in root.glob("*/src/main/java/**/*.java"):
        text = java.read_text(encoding="utf-8")
        for name, value in re.findall(r'static final String (\w+)\s*=\s*"(livelihood\.[a-z.]+\.events)"', text):
            constants[name] = value
        topics |= set(re.findall(r'"(livelihood\.[a-z]+\.events)"', text))
    for java in root.glob("*/src/main/java/**/*.java"):
        text = java.read_text(encoding="utf-8")
        group = re.search(r'CONSUMER_GROUP\s*=\s*"([^"]+)"', text)
        start = re.search(r'consumers\.start\(\s*CONSUMER_GROUP\s*,\s*List\.of\(([^)]*)\)', text)
        if group and start:
            for ref in re.findall(r'Topics\.(\w+)', start.group(1)):
                if ref in constants:
                    pairs.add((group.group(1), constants[ref]))
    return topics, pairs

CODE_TOPICS, CONSUMERS = code_topics()
# What the code did at the time of writing; anything found in the code is checked on top of it.
CONSUMERS |= {("progress-service", "livelihood.project.events"), ("notification-service", "livelihood.project.events"),
              ("notification-service", "livelihood.progress.events")}
readme = (deploy / "README.md").read_text(encoding="utf-8") if (deploy / "README.md").exists() else ""

def invariants(label, built):
    by_kind = {}
    for d in built:
        by_kind.setdefault(d["kind"], []).append(d)
    names = lambda kind: {d["metadata"]["name"] for d in by_kind.get(kind, [])}
    check(not by_kind.get("Secret"), f"{label}: no Secret objects (secrets are created by CloudNativePG or the operator)")
    # CloudNativePG
    clusters = by_kind.get("Cluster", [])
    check(len(clusters) == 1 and clusters[0]["apiVersion"] == "postgresql.cnpg.io/v1", f"{label}: one CloudNativePG Cluster")
    pg = clusters[0]["metadata"]["name"] if clusters else "?"
    check(clusters and clusters[0]["spec"].get("instances", 1) >= 2, f"{label}: {pg} has a standby/read replica (instances >= 2)")
    databases = {d["spec"]["name"] for d in by_kind.get("Database", []) if d["spec"].get("cluster", {}).get("name") == pg}
    # Strimzi
    kafkas = by_kind.get("Kafka", [])
    check(len(kafkas) == 1, f"{label}: one Strimzi Kafka")
    kafka = kafkas[0] if kafkas else {"metadata": {"name": "?"}, "spec": {"kafka": {"listeners": []}}}
    kname = kafka["metadata"]["name"]
    for d in built:
        if d["apiVersion"].startswith("kafka.strimzi.io/"):
            check(d["apiVersion"] == "kafka.strimzi.io/v1", f"{label}: {d['kind']} {d['metadata']['name']} uses kafka.strimzi.io/v1")
    pools = [p for p in by_kind.get("KafkaNodePool", []) if p["metadata"].get("labels", {}).get("strimzi.io/cluster") == kname]
    brokers = sum(p["spec"]["replicas"] for p in pools if "broker" in p["spec"]["roles"])
    check(any("controller" in p["spec"]["roles"] for p in pools) and brokers >= 3,
          f"{label}: KRaft node pools of {kname} have controllers and >= 3 brokers ({brokers})")
    plain = [l for l in kafka["spec"]["kafka"]["listeners"] if l.get("type") == "internal"]
    bootstrap = f"{kname}-kafka-bootstrap:{plain[0]['port']}" if plain else "?"
    topics = {}
    for t in by_kind.get("KafkaTopic", []):
        topic = t["spec"].get("topicName", t["metadata"]["name"])
        topics[topic] = t
        check(t["metadata"].get("labels", {}).get("strimzi.io/cluster") == kname, f"{label}: KafkaTopic {topic} belongs to {kname}")
        replicas, isr = t["spec"]["replicas"], int(t["spec"].get("config", {}).get("min.insync.replicas", 1))
        check(replicas <= brokers and 1 <= isr < replicas, f"{label}: {topic} replicas {replicas} <= brokers, min.insync.replicas {isr} < replicas")
    for topic in sorted(CODE_TOPICS):
        check(topic in topics and topics[topic]["spec"]["partitions"] >= 6,
              f"{label}: topic {topic} (named in the code) is a KafkaTopic with >= 6 partitions")
    for group, topic in sorted(CONSUMERS):
        check(f"{topic}.dlt.{group}" in topics, f"{label}: dead-letter topic {topic}.dlt.{group} is a KafkaTopic")
    # ConfigMap
    config = [c for c in by_kind.get("ConfigMap", []) if c["metadata"]["name"] == "livelihood-config"]
    cdata = config[0].get("data", {}) if config else {}
    check(cdata.get("KAFKA_BOOTSTRAP_SERVERS") == bootstrap, f"{label}: KAFKA_BOOTSTRAP_SERVERS is {bootstrap}")
    check(cdata.get("JWT_PUBLIC_KEY_LOCATION", "").startswith("file:/"), f"{label}: JWT_PUBLIC_KEY_LOCATION points at a mounted file")
    # Deployments and Services
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    check(set(deployments) == set(SERVICES), f"{label}: Deployments are exactly {sorted(SERVICES)}")
    for name, d in sorted(deployments.items()):
        port, db = SERVICES.get(name, (None, None))
        template = d["spec"]["template"]
        tlabels = template["metadata"].get("labels", {})
        check(d["spec"]["selector"]["matchLabels"].items() <= tlabels.items(), f"{name}: selector matches its pod labels")
        for c in containers(d):
            cports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
            for probe, path in (("startupProbe", "/q/health/started"), ("livenessProbe", "/q/health/live"),
                                ("readinessProbe", "/q/health/ready")):
                get = c.get(probe, {}).get("httpGet", {})
                check(get.get("path") == path and (get.get("port") in cports or get.get("port") in cports.values()),
                      f"{name}: {probe} on {path} at a container port")
            res = c.get("resources", {})
            check({"cpu", "memory"} <= set(res.get("requests", {})) and "memory" in res.get("limits", {}),
                  f"{name}: cpu+memory requests and a memory limit")
            env = {e["name"]: e for e in c.get("env", [])}
            check(env.get("QUARKUS_HTTP_PORT", {}).get("value") == str(port) and port in cports.values(),
                  f"{name}: QUARKUS_HTTP_PORT {port} is its container port")
            for var in ("DB_USER", "DB_PASSWORD"):
                ref = env.get(var, {}).get("valueFrom", {}).get("secretKeyRef", {})
                check(ref.get("name") == f"{pg}-app", f"{name}: {var} from the CloudNativePG Secret {pg}-app")
            m = re.fullmatch(r"jdbc:postgresql://([^:/]+):5432/(\w+)", env.get("DB_URL", {}).get("value", ""))
            check(m and m.group(1) == f"{pg}-rw" and m.group(2) == db and db in databases,
                  f"{name}: DB_URL is {db} on {pg}-rw, and {pg} has a Database {db}")
            for e in c.get("env", []):
                if re.search(r"PASSWORD|SECRET|TOKEN|PRIVATE", e["name"]):
                    check("value" not in e, f"{name}: {e['name']} is not a literal value")
            for ef in c.get("envFrom", []):
                ref = ef.get("configMapRef", ef.get("secretRef", {})).get("name")
                check(ref in names("ConfigMap"), f"{name}: envFrom {ref} is in the build")
            check(c["image"].split("/")[-1].split(":")[0] == name, f"{name}: image is {name}")
        for v in template["spec"].get("volumes", []):
            if "configMap" in v:
                ref = v["configMap"]["name"]
                check(ref in names("ConfigMap") or f"kubectl create configmap {ref}" in readme or f"create configmap {ref}" in readme,
                      f"{name}: ConfigMap {ref} is in the build or its creation is documented in deploy/README.md")
        services = [s for s in by_kind.get("Service", []) if s["spec"].get("selector") and s["spec"]["selector"].items() <= tlabels.items()]
        check(len(services) == 1 and all(p["targetPort"] in [p2.get("name") for p2 in c.get("ports", [])] + [port]
                                         for p in services[0]["spec"]["ports"]) if services else False,
              f"{name}: one Service selects it, on its http port")
    return deployments, topics

section("kubernetes")
builds = {}
for directory in [kube / "base", kube / "overlays" / "example"]:
    rel = directory.relative_to(root)
    standin = standin_build(directory)
    tool, real = real_build(directory)
    if real is None:
        check(True, f"{rel}: no kubectl/kustomize here; the stand-in build is the only one")
        builds[rel] = [("stand-in build", standin)]
        continue
    code, out, err = real
    if not check(code == 0, f"{rel}: `{tool}` builds it" + ("" if code == 0 else f": {err.strip()[-300:]}")):
        builds[rel] = [("stand-in build", standin)]
        continue
    real_docs = load_all(out)
    same_ids = sorted(map(identity, real_docs)) == sorted(map(identity, standin))
    check(same_ids, f"{rel}: the stand-in yields the same {len(real_docs)} resources as `{tool}`")
    if same_ids:
        real_by_id = {identity(d): d for d in real_docs}
        diff = [identity(d) for d in standin if summary(d) != summary(real_by_id[identity(d)])]
        check(not diff, f"{rel}: stand-in and `{tool}` agree on labels, replicas, images, ConfigMap data {diff or ''}")
    builds[rel] = [(f"`{tool}`", real_docs), ("stand-in build", standin)]

for rel, variants in builds.items():
    for i, (how, built) in enumerate(variants):
        section(f"{rel} ({how})")
        quiet[0] = i > 0
        before = len(results)
        deployments, topics = invariants(f"{rel.name}", built)
        if rel.name == "example":
            check(all(d["metadata"].get("namespace") == "livelihood-example" for d in built if d["kind"] != "Namespace"),
                  "example: every resource in namespace livelihood-example")
            check(deployments.get("progress-service", {}).get("spec", {}).get("replicas") == 2, "example: progress-service at 2 replicas")
            check(all(c["image"].startswith("registry.example.gov.cn/") and not c["image"].endswith(":latest")
                      for d in deployments.values() for c in containers(d)), "example: images pinned to a registry and tag")
            cfg = [d for d in built if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "livelihood-config"]
            check(cfg and cfg[0]["data"].get("JWT_ISSUER", "").startswith("https://sso.example.gov.cn/")
                  and "KAFKA_BOOTSTRAP_SERVERS" in cfg[0]["data"], "example: JWT_ISSUER patched, the rest of livelihood-config kept")
        if quiet[0]:
            mine = results[before:]
            print(f"  {'ok     ' if all(ok for ok, _ in mine) else 'FAILED '} the same {len(mine)} checks hold on the stand-in build")
            quiet[0] = False
k8s_topics = {t: (d["spec"]["partitions"]) for t, d in topics.items()}
# Retention is part of the contract (event-contracts Topics.configOf): a reader started late rebuilds the catalog
# from the compacted project topic.
k8s_retention = {t: {k: str(v) for k, v in d["spec"].get("config", {}).items() if k != "min.insync.replicas"}
                 for t, d in topics.items()}
check(k8s_retention.get("livelihood.project.events", {}).get("cleanup.policy") == "compact",
      "KafkaTopic livelihood.project.events is compacted (cleanup.policy compact)")
for t in ("livelihood.progress.events", "livelihood.alert.events"):
    check(k8s_retention.get(t, {}).get("cleanup.policy") == "delete" and k8s_retention.get(t, {}).get("retention.ms", "").isdigit(),
          f"KafkaTopic {t} has a time retention (cleanup.policy delete, retention.ms)")

# --- no literal secrets in any manifest ----------------------------------------------------------------
section("secrets")
SECRETISH = re.compile(r"(?i)(password|passwd|secret|token|private[_-]?key|api[_-]?key)$")
def literal_secrets(node, path=""):
    found = []
    if isinstance(node, dict):
        if "name" in node and "value" in node and isinstance(node.get("name"), str) and SECRETISH.search(node["name"]) \
                and not str(node["value"]).startswith("${"):
            found.append(f"{path}.{node['name']}")
        for key, value in node.items():
            if isinstance(key, str) and SECRETISH.search(key) and isinstance(value, (str, int)) \
                    and not str(value).startswith("${") and key != "key":
                found.append(f"{path}.{key}")
            found += literal_secrets(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += literal_secrets(value, f"{path}[{i}]")
    return found
for f, ds in docs.items():
    text = f.read_text(encoding="utf-8")
    found = [p for d in ds for p in literal_secrets(d)]
    check(not found and "-----BEGIN" not in text, f"{f.relative_to(root)}: no literal password, token or key {found or ''}")
env_example = deploy / ".env.example"
check(env_example.exists() and re.search(r"(?m)^DB_PASSWORD=\s*$", env_example.read_text(encoding="utf-8")),
      "deploy/.env.example documents DB_PASSWORD, empty")

# --- docker compose ----------------------------------------------------------------------------------
section("docker compose")
compose_file = deploy / "docker-compose.yml"
if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0 if shutil.which("docker") else False:
    compose_cmd = ["docker", "compose"]
elif shutil.which("docker-compose"):
    compose_cmd = ["docker-compose"]
else:
    compose_cmd = None
if compose_cmd:
    base_env = {k: v for k, v in os.environ.items() if k not in ("DB_PASSWORD", "JWT_PUBLIC_KEY_FILE", "JWT_ISSUER", "COMPOSE_FILE")}
    ok = subprocess.run(compose_cmd + ["-f", str(compose_file), "--project-directory", str(deploy), "config", "-q"],
                        capture_output=True, text=True, env={**base_env, "DB_PASSWORD": "validate-only"}, timeout=60)
    check(ok.returncode == 0, f"`{' '.join(compose_cmd)} config -q` accepts it (DB_PASSWORD=validate-only) {ok.stderr.strip()}")
    refused = subprocess.run(compose_cmd + ["-f", str(compose_file), "--project-directory", str(deploy), "config", "-q"],
                             capture_output=True, text=True, env=base_env, timeout=60)
    check(refused.returncode != 0 and "DB_PASSWORD" in refused.stderr, f"`{' '.join(compose_cmd)} config` refuses it without DB_PASSWORD")
else:
    check(False, "no `docker compose` nor `docker-compose` to check the compose file with (apt-get install docker-compose)")

compose = docs[compose_file][0]
services = compose.get("services", {})
init_sql = (deploy / "postgres-init").glob("*.sql")
created_dbs = {db for f in init_sql for db in re.findall(r"(?i)create database (\w+)", f.read_text(encoding="utf-8"))}
for name in ("kafka", "kafka-topics", "postgres", *SERVICES):
    check(name in services, f"compose: {name} defined")
for name in ("kafka", "postgres", *SERVICES):
    check("test" in services.get(name, {}).get("healthcheck", {}), f"compose: {name} has a health check")
kafka_c = services.get("kafka", {})
kenv = kafka_c.get("environment", {})
check(kafka_c.get("image", "").startswith("apache/kafka:"), "compose: kafka is the official apache/kafka image")
check(kenv.get("KAFKA_PROCESS_ROLES") == "broker,controller" and "KAFKA_NODE_ID" in kenv and "KAFKA_CONTROLLER_QUORUM_VOTERS" in kenv,
      "compose: kafka runs KRaft (broker,controller; node id; quorum voters)")
check(services.get("postgres", {}).get("image") == "postgres:15", "compose: postgres:15")
volumes = set(compose.get("volumes", {}) or {})
for name, mount in (("kafka", kenv.get("KAFKA_LOG_DIRS", "?")), ("postgres", "/var/lib/postgresql/data")):
    check(any(v.split(":")[0] in volumes and v.split(":")[1] == mount for v in services.get(name, {}).get("volumes", [])),
          f"compose: {name} keeps its data ({mount}) in a named volume")
script = " ".join(services.get("kafka-topics", {}).get("command", []))
compose_topics = {t: int(p) for t, p in re.findall(r"(?m)^\s*create (\S+) (\d+)", script)}
check(set(compose_topics) == set(k8s_topics), f"compose: kafka-topics creates the same {len(k8s_topics)} topics as the KafkaTopics")
check(all(compose_topics.get(t) == p for t, p in k8s_topics.items()), "compose: with the same partition counts")
compose_retention = {}
for line in script.splitlines():
    m = re.match(r"\s*create (\S+) \d+(.*)$", line)
    if m:
        compose_retention[m.group(1)] = dict(kv.split("=", 1) for kv in re.findall(r"--config (\S+)", m.group(2)))
check(all(compose_retention.get(t) == c for t, c in k8s_retention.items()),
      "compose: with the same retention settings as the KafkaTopics")
for name, (port, db) in SERVICES.items():
    s = services.get(name, {})
    env = s.get("environment", {})
    check(env.get("QUARKUS_HTTP_PORT") == str(port) and f"{port}:{port}" in s.get("ports", []), f"compose: {name} on port {port}")
    check(env.get("DB_URL") == f"jdbc:postgresql://postgres:5432/{db}" and db in created_dbs,
          f"compose: {name} uses {db}, which postgres-init creates")
    check(env.get("KAFKA_BOOTSTRAP_SERVERS") == "kafka:9092" and env.get("DB_PASSWORD", "").startswith("${DB_PASSWORD:?"),
          f"compose: {name} gets the broker and DB_PASSWORD from the environment (required)")
    deps = s.get("depends_on", {})
    check(all(deps.get(d, {}).get("condition") in ("service_healthy", "service_completed_successfully") for d in ("kafka", "kafka-topics", "postgres")),
          f"compose: {name} waits for a healthy kafka and postgres and the created topics")
    check("/q/health/ready" in " ".join(s.get("healthcheck", {}).get("test", [])), f"compose: {name} health check is /q/health/ready")
    build = s.get("build", {})
    context = (deploy / build.get("context", "?")).resolve()
    dockerfile = context / build.get("dockerfile", "?")
    check(dockerfile == root / name / "src/main/docker/Dockerfile.jvm" and dockerfile.exists(),
          f"compose: {name} builds from {name}/src/main/docker/Dockerfile.jvm")

# --- Dockerfiles --------------------------------------------------------------------------------------
section("Dockerfile.jvm")
for name, (port, _) in SERVICES.items():
    f = root / name / "src/main/docker/Dockerfile.jvm"
    text = f.read_text(encoding="utf-8") if f.exists() else ""
    rel = f.relative_to(root)
    check(re.search(r"(?m)^FROM registry\.access\.redhat\.com/ubi9/openjdk-17-runtime(:\S+)?$", text), f"{rel}: FROM ubi9/openjdk-17-runtime")
    for part in ("lib/", "*.jar", "app/", "quarkus/"):
        check(re.search(rf"(?m)^COPY .*target/quarkus-app/{re.escape(part)} ", text), f"{rel}: copies target/quarkus-app/{part}")
    check(re.search(rf"(?m)^EXPOSE {port}$", text), f"{rel}: EXPOSE {port}")
    check(re.search(r'(?m)^ENV JAVA_OPTS_APPEND=".*-Dquarkus\.http\.host=0\.0\.0\.0', text), f"{rel}: JAVA_OPTS_APPEND binds 0.0.0.0")
    check(re.search(r"(?m)^USER 185$", text) and "quarkus-run.jar" in text, f"{rel}: runs quarkus-run.jar as user 185")

failed = [w for ok, w in results if not ok]
for w in failed:
    print(f"[manifests] FAILED: {w}")
print(f"[manifests] {len(results)} checks over {len(files)} YAML files, 3 Dockerfiles: {len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
PYTHON
