#!/usr/bin/env bash
# Checks the deployment manifests with what runs without a Docker engine or a cluster (deploy/README.md):
#  - every YAML document parses, with duplicate keys refused;
#  - docker-compose.yml passes `docker compose config` (or Debian's docker-compose 1.29, installed if
#    missing), and is refused without the database passwords or the console's sign-in secrets;
#  - base and overlay are built with `kubectl kustomize` (kubectl is on the project's machine image);
#  - on every build: each Deployment has startup/liveness/readiness probes on /q/health/*, requests and
#    limits, database credentials of its own role owning its database, Kafka credentials of its own KafkaUser and
#    the cluster CA, a Service that selects it and a path on the Ingress, the identity provider's issuer URL (HTTPS) and
#    the console's secrets from a Secret, egress to the provider on 443; each KafkaUser's ACLs cover exactly the
#    topics, group, dead letters and transactional ids the code uses; no literal secret anywhere; every topic and
#    dead-letter topic the code uses is a KafkaTopic;
#  - every resource of both builds validates against a pinned schema (deploy/schema-check): the Kubernetes API
#    schemas of the npm package kubernetes-models, the ServiceMonitor's of @kubernetes-models/prometheus-operator, the
#    Strimzi CRDs of io.strimzi:api (tests jar, from Maven Central, checked against its SHA-256); the CloudNativePG kinds
#    are listed as not validated (no schema for them was found on the registries CI reaches);
#  - compose, the Dockerfile and Kubernetes agree on ports, databases and topics.
# Prints every check; exits non-zero if any failed. Installs python3-yaml, nodejs and npm (and docker-compose) via
# apt-get when missing and running as root; runs `npm ci` in deploy/schema-check when its node_modules is missing or
# older than its package-lock.json; caches the Strimzi jar in the local Maven repository (~/.m2/repository).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3

missing=()
if ! [ -x "$PY" ] || ! "$PY" -c 'import yaml' 2>/dev/null; then missing+=(python3 python3-yaml); fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
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
import copy, os, pathlib, re, shlex, shutil, subprocess, sys, yaml

root = pathlib.Path(sys.argv[1])
deploy = root / "deploy"
kube = deploy / "kubernetes"
SERVICES = {"project-service": (8081, "livelihood_project"),
            "progress-service": (8082, "livelihood_progress"),
            "notification-service": (8083, "livelihood_notification")}
results = []

def check(ok, what):
    results.append((bool(ok), what))
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

# --- Kustomize: kubectl's own build, nothing home-made ---------------------------------------------------
def containers(d):
    return d["spec"]["template"]["spec"]["containers"] if d.get("kind") == "Deployment" else []

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

# --- the invariants of one build --------------------------------------------------------------------
def code_topics():
    """Topic names, (group, topic) consumer pairs the Java code uses, and the service (module) each group runs in."""
    constants, topics, pairs, owners = {}, set(), set(), {}
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
                    owners[group.group(1)] = java.relative_to(root).parts[0]
    return topics, pairs, owners

CODE_TOPICS, CONSUMERS, GROUP_SERVICE = code_topics()
# What the code did at the time of writing; anything found in the code is checked on top of it.
CONSUMERS |= {("progress-service", "livelihood.project.events"), ("notification-service", "livelihood.project.events"),
              ("notification-service", "livelihood.progress.events")}
# Who publishes which topic (event-contracts/README.md); every service follows the plan calendars (PlanCalendarView).
PRODUCERS = {"project-service": ["livelihood.project.events", "livelihood.plan-year.events", "livelihood.working-calendar.events"],
             "progress-service": ["livelihood.progress.events"],
             "notification-service": ["livelihood.alert.events"]}
CALENDARS = ["livelihood.plan-year.events", "livelihood.working-calendar.events"]

def expected_acls():
    """Each service's ACLs: its topics (written, and read back by the relay), what it consumes, its group, its dead
    letters and its relay's transactional ids; nothing else."""
    wanted = {}
    for service, produced in PRODUCERS.items():
        acls = {("transactionalId", f"{service}-relay-", "prefix", op) for op in ("Write", "Describe")}
        for topic in produced:
            acls |= {("topic", topic, "literal", op) for op in ("Write", "Describe", "Read")}
        # A service may run consumer groups besides the one named after it (notification-service's delivery intake).
        groups = [(group, topic) for group, topic in CONSUMERS if GROUP_SERVICE.get(group, group) == service]
        consumed = sorted({topic for _, topic in groups})
        for topic in consumed + [c for c in CALENDARS if c not in produced]:
            acls |= {("topic", topic, "literal", op) for op in ("Read", "Describe")}
        for group, topic in groups:
            acls |= {("topic", f"{topic}.dlt.{group}", "literal", op) for op in ("Write", "Describe")}
            acls.add(("group", group, "literal", "Read"))
        wanted[service] = acls
    return wanted

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
    listeners = kafka["spec"]["kafka"]["listeners"]
    check(len(listeners) == 1 and listeners[0].get("tls") is True and listeners[0].get("authentication", {}).get("type") == "scram-sha-512",
          f"{label}: {kname}'s only listener is TLS with SCRAM-SHA-512")
    check(kafka["spec"]["kafka"].get("authorization", {}).get("type") == "simple" and "userOperator" in kafka["spec"].get("entityOperator", {}),
          f"{label}: {kname} authorizes by ACLs, and its user operator runs")
    bootstrap = f"{kname}-kafka-bootstrap:{listeners[0]['port']}" if listeners else "?"
    users = {u["metadata"]["name"]: u for u in by_kind.get("KafkaUser", [])}
    for user, wanted in sorted(expected_acls().items()):
        acls = set()
        for a in users.get(user, {}).get("spec", {}).get("authorization", {}).get("acls", []):
            r = a["resource"]
            for op in a["operations"]:
                acls.add((r["type"], r["name"], r.get("patternType", "literal"), op))
        check(users.get(user, {}).get("spec", {}).get("authentication", {}).get("type") == "scram-sha-512" and acls == wanted,
              f"{label}: KafkaUser {user} (SCRAM-SHA-512) has exactly the ACLs its code needs {sorted(acls ^ wanted) or ''}")
    roles = {r["name"]: r for r in clusters[0]["spec"].get("managed", {}).get("roles", [])} if clusters else {}
    owners = {d["spec"]["name"]: d["spec"].get("owner") for d in by_kind.get("Database", [])}
    check(clusters and re.fullmatch(r".+:\d+\.\d+(-.+)?", clusters[0]["spec"].get("imageName", "")),
          f"{label}: {pg} runs a pinned PostgreSQL minor release")
    check(clusters and clusters[0]["spec"].get("backup", {}).get("barmanObjectStore", {}).get("destinationPath")
          and any(b["spec"]["cluster"]["name"] == pg for b in by_kind.get("ScheduledBackup", [])),
          f"{label}: {pg} archives to an object store and has a ScheduledBackup")
    ingress_paths = {}
    for ing in by_kind.get("Ingress", []):
        for rule in ing["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                ingress_paths[path["path"].rstrip("/")] = path["backend"]["service"]["name"]
    check(len(by_kind.get("Ingress", [])) == 1 and len({r["host"] for i in by_kind["Ingress"] for r in i["spec"]["rules"]}) == 1,
          f"{label}: one Ingress, one host name")
    for kind in ("PodDisruptionBudget", "ServiceMonitor", "NetworkPolicy"):
        check(by_kind.get(kind), f"{label}: has {kind}")
    check(any(n["spec"]["podSelector"] == {} and n["spec"]["policyTypes"] == ["Ingress"] and not n["spec"].get("ingress")
              for n in by_kind.get("NetworkPolicy", [])), f"{label}: a NetworkPolicy denies ingress by default")
    check(any(c["metadata"]["name"] == "livelihood-grafana-dashboard" for c in by_kind.get("ConfigMap", [])),
          f"{label}: the Grafana dashboard is a ConfigMap")
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
    # Sign-in (platform's META-INF/microprofile-config.properties): the provider by its issuer URL, the console on;
    # the console's secrets from a Secret (below), never in the ConfigMap; no key of a provider-less stack.
    check(re.fullmatch(r"https://[^/\s]+/\S*", cdata.get("OIDC_AUTH_SERVER_URL", "")),
          f"{label}: OIDC_AUTH_SERVER_URL is the identity provider's https issuer URL ({cdata.get('OIDC_AUTH_SERVER_URL')})")
    check(cdata.get("OIDC_CONSOLE_ENABLED") == "true", f"{label}: OIDC_CONSOLE_ENABLED is true")
    check(not {"OIDC_CONSOLE_SECRET", "OIDC_STATE_SECRET", "OIDC_PUBLIC_KEY", "OIDC_TOKEN_ISSUER"} & set(cdata),
          f"{label}: livelihood-config holds no console secret, nor OIDC_PUBLIC_KEY / OIDC_TOKEN_ISSUER (stacks without a provider only)")
    check(cdata.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING") == "true" and cdata.get("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED") == "true",
          f"{label}: the services take the scheme from the Ingress' X-Forwarded-* headers (login redirect URIs are https)")
    check(not any("JWT_" in str(d) or "jwt-public-key" in str(d) for d in built),
          f"{label}: nothing names JWT_* or the JWT public key any more")
    def selects(selector, labels):
        return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items()) and all(
            (labels.get(e["key"]) in e.get("values", [])) if e["operator"] == "In" else
            (labels.get(e["key"]) not in e.get("values", [])) if e["operator"] == "NotIn" else
            (e["key"] in labels) == (e["operator"] == "Exists") for e in selector.get("matchExpressions", []))
    def egress_443(labels):
        return [n["metadata"]["name"] for n in by_kind.get("NetworkPolicy", [])
                if "Egress" in n["spec"].get("policyTypes", []) and selects(n["spec"]["podSelector"], labels)
                and any(p.get("port") == 443 and p.get("protocol", "TCP") == "TCP" for r in n["spec"].get("egress", [])
                        for p in r.get("ports", []))]
    # Deployments and Services
    deployments = {d["metadata"]["name"]: d for d in by_kind.get("Deployment", [])}
    check(set(deployments) == set(SERVICES), f"{label}: Deployments are exactly {sorted(SERVICES)}")
    console_secrets = set()
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
            role = roles.get(db, {})
            for var in ("DB_USER", "DB_PASSWORD"):
                ref = env.get(var, {}).get("valueFrom", {}).get("secretKeyRef", {})
                check(ref.get("name") and ref.get("name") == role.get("passwordSecret", {}).get("name"),
                      f"{name}: {var} from the Secret of its own managed role {db} ({ref.get('name')})")
            check(owners.get(db) == db, f"{name}: its database {db} is owned by its own role")
            ref = env.get("KAFKA_SASL_JAAS_CONFIG", {}).get("valueFrom", {}).get("secretKeyRef", {})
            check(ref.get("name") == name and ref.get("key") == "sasl.jaas.config" and name in users,
                  f"{name}: KAFKA_SASL_JAAS_CONFIG from the Secret of its KafkaUser {name}")
            ref = env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD", {}).get("valueFrom", {}).get("secretKeyRef", {})
            check(ref.get("name") == f"{kname}-cluster-ca-cert", f"{name}: trust store password from {kname}-cluster-ca-cert")
            mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
            ca_volume = [v for v in template["spec"].get("volumes", []) if v.get("secret", {}).get("secretName") == f"{kname}-cluster-ca-cert"]
            check(ca_volume and cdata.get("KAFKA_SSL_TRUSTSTORE_LOCATION", "").startswith(mounts.get(ca_volume[0]["name"], "?") + "/"),
                  f"{name}: the cluster CA trust store is mounted where KAFKA_SSL_TRUSTSTORE_LOCATION says")
            root_path = env.get("QUARKUS_HTTP_ROOT_PATH", {}).get("value")
            check(root_path in ingress_paths and ingress_paths[root_path] == name
                  and env.get("QUARKUS_HTTP_NON_APPLICATION_ROOT_PATH", {}).get("value") == "/q",
                  f"{name}: served under {root_path}, which the Ingress routes to it; /q kept at the root for probes")
            # quarkus-oidc matches the logout path against the whole request path, and builds the post-logout address
            # without the root path: under a root path both must name it.
            check(env.get("QUARKUS_OIDC_CONSOLE_LOGOUT_PATH", {}).get("value") == f"{root_path}/console/logout"
                  and env.get("QUARKUS_OIDC_CONSOLE_LOGOUT_POST_LOGOUT_PATH", {}).get("value") == f"{root_path}/console/signed-out.html",
                  f"{name}: the console's logout and post-logout paths include its root path {root_path}")
            m = re.fullmatch(r"jdbc:postgresql://([^:/]+):5432/(\w+)", env.get("DB_URL", {}).get("value", ""))
            check(m and m.group(1) == f"{pg}-rw" and m.group(2) == db and db in databases,
                  f"{name}: DB_URL is {db} on {pg}-rw, and {pg} has a Database {db}")
            refs = {var: env.get(var, {}).get("valueFrom", {}).get("secretKeyRef", {}) for var in ("OIDC_CONSOLE_SECRET", "OIDC_STATE_SECRET")}
            check(all(r.get("name") and r.get("key") and not r.get("optional") for r in refs.values())
                  and len({r.get("name") for r in refs.values()}) == 1,
                  f"{name}: OIDC_CONSOLE_SECRET and OIDC_STATE_SECRET from one Secret, not optional ({sorted({r.get('name') for r in refs.values()})})")
            console_secrets.add(refs["OIDC_CONSOLE_SECRET"].get("name"))
            check(not any(e["name"].startswith("OIDC_") and e["name"] not in refs for e in c.get("env", [])),
                  f"{name}: no other OIDC_* in its env (the provider is configured in livelihood-config)")
            check(egress_443(tlabels), f"{name}: a NetworkPolicy lets it reach the identity provider over HTTPS (443) {egress_443(tlabels)}")
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
    # One session cookie serves the three consoles on the one host; quarkus-oidc encrypts it with the client secret.
    check(len(console_secrets) == 1 and None not in console_secrets
          and any(f"create secret generic {s}" in readme for s in console_secrets),
          f"{label}: the services share the console's Secret {sorted(map(str, console_secrets))}, its creation documented in deploy/README.md")
    return deployments, topics

section("kubernetes")
builds, built_yaml = {}, {}
for directory in [kube / "base", kube / "overlays" / "example"]:
    rel = directory.relative_to(root)
    tool, real = real_build(directory)
    if not check(real is not None, f"{rel}: kubectl (or kustomize) is here to build it"):
        continue
    code, out, err = real
    if check(code == 0, f"{rel}: `{tool}` builds it" + ("" if code == 0 else f": {err.strip()[-300:]}")):
        builds[rel] = load_all(out)
        built_yaml[rel] = out

# --- schemas: every built resource against a pinned schema (deploy/schema-check/check.mjs) ---------------------
STRIMZI = "0.49.1"   # the operator version of deploy/README.md; its API's tests jar carries the CRDs it generates
STRIMZI_JAR_SHA256 = "b41d4ea4b51507ea7811a95afdcdde5b814a1cee1455e021c3e89ee092655c38"

def strimzi_crds(target):
    """Strimzi's CRDs (crds/v1/*.yaml of io.strimzi:api:<STRIMZI>:tests) written to target as JSON; an error string if not."""
    import hashlib, urllib.request, zipfile
    path = f"io/strimzi/api/{STRIMZI}/api-{STRIMZI}-tests.jar"
    jar = pathlib.Path(os.environ.get("MAVEN_REPO_LOCAL", pathlib.Path.home() / ".m2" / "repository")) / path
    digest = lambda f: hashlib.sha256(f.read_bytes()).hexdigest()
    if not jar.is_file() or digest(jar) != STRIMZI_JAR_SHA256:
        url = f"{os.environ.get('MAVEN_CENTRAL_URL', 'https://repo.maven.apache.org/maven2').rstrip('/')}/{path}"
        print(f"[manifests] downloading {url}")
        try:
            jar.parent.mkdir(parents=True, exist_ok=True)
            partial = jar.with_name(jar.name + ".part")
            with urllib.request.urlopen(url, timeout=60) as answer:
                partial.write_bytes(answer.read())
            if digest(partial) != STRIMZI_JAR_SHA256:
                partial.unlink()
                return f"{url} does not have the pinned SHA-256"
            partial.replace(jar)
        except OSError as e:
            return f"{url} could not be downloaded: {e}"
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with zipfile.ZipFile(jar) as z:
        crds = [{**d, "from": pathlib.Path(n).name} for n in sorted(z.namelist()) if re.fullmatch(r"crds/v1/[^/]+\.yaml", n)
                for d in yaml.load_all(z.read(n), Loader=fast) if d and d.get("kind") == "CustomResourceDefinition"]
    target.write_text(json.dumps(crds), encoding="utf-8")
    return None if crds else f"{jar} has no CustomResourceDefinition in crds/v1/*.yaml"

def schema_check_ready(folder):
    """node_modules of deploy/schema-check installed from its lock file (`npm ci`); an error string if not."""
    if not (shutil.which("node") and shutil.which("npm")):
        return "node and npm are required (apt-get install nodejs npm)"
    installed = folder / "node_modules" / ".package-lock.json"
    if installed.is_file() and installed.stat().st_mtime >= (folder / "package-lock.json").stat().st_mtime:
        return None
    print("[manifests] npm ci in deploy/schema-check")
    run = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, capture_output=True,
                         text=True, timeout=600)
    return None if run.returncode == 0 else f"`npm ci` failed: {(run.stderr or run.stdout).strip()[-300:]}"

if builds:
    import json, tempfile
    section(f"schemas (Kubernetes API of kubernetes-models, prometheus-operator models, Strimzi {STRIMZI} CRDs)")
    schema_dir = deploy / "schema-check"
    with tempfile.TemporaryDirectory() as scratch:
        crd_file = pathlib.Path(scratch) / "strimzi-crds.json"
        problem = schema_check_ready(schema_dir) or strimzi_crds(crd_file)
        if check(problem is None, f"schema validator and Strimzi {STRIMZI} CRDs are here {problem or ''}"):
            run = subprocess.run(["node", str(schema_dir / "check.mjs"), str(crd_file)], capture_output=True, text=True,
                                 input=json.dumps({rel.name: out for rel, out in built_yaml.items()}), timeout=120)
            if check(run.returncode == 0, f"the schema validator ran {run.stderr.strip()[-300:]}"):
                for r in json.loads(run.stdout):
                    check(r["ok"], f"{r['build']}: {r['what']}")

topics = {}
for rel, built in builds.items():
    section(f"{rel} (`kubectl kustomize`)")
    deployments, topics = invariants(f"{rel.name}", built)
    if rel.name == "example":
        check(all(d["metadata"].get("namespace") == "livelihood-example" for d in built if d["kind"] != "Namespace"),
              "example: every resource in namespace livelihood-example")
        check(deployments.get("progress-service", {}).get("spec", {}).get("replicas") == 2, "example: progress-service at 2 replicas")
        check(all(c["image"].startswith("registry.example.gov.cn/") and not c["image"].endswith(":latest")
                  for d in deployments.values() for c in containers(d)), "example: images pinned to a registry and tag")
        cfg = [d for d in built if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "livelihood-config"]
        check(cfg and cfg[0]["data"].get("OIDC_AUTH_SERVER_URL") == "https://sso.example.gov.cn/realms/livelihood"
              and "KAFKA_BOOTSTRAP_SERVERS" in cfg[0]["data"] and cfg[0]["data"].get("OIDC_CONSOLE_ENABLED") == "true",
              "example: OIDC_AUTH_SERVER_URL is the city's provider (https://sso.example.gov.cn/realms/livelihood), the rest of livelihood-config kept")
k8s_topics = {t: (d["spec"]["partitions"]) for t, d in topics.items()}
# Retention is part of the contract (event-contracts Topics.configOf): a reader started late rebuilds the catalog
# from the compacted project topic.
k8s_retention = {t: {k: str(v) for k, v in d["spec"].get("config", {}).items() if k != "min.insync.replicas"}
                 for t, d in topics.items()}
for t in ("livelihood.project.events", *CALENDARS):
    check(k8s_retention.get(t, {}).get("cleanup.policy") == "compact", f"KafkaTopic {t} is compacted (cleanup.policy compact)")
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
PASSWORDS = ("POSTGRES_PASSWORD", "PROJECT_DB_PASSWORD", "PROGRESS_DB_PASSWORD", "NOTIFICATION_DB_PASSWORD")
# What compose requires (`:?`) besides the database passwords: the console's secrets, and the local keycloak's.
SIGN_IN_SECRETS = ("OIDC_CONSOLE_SECRET", "OIDC_STATE_SECRET", "KEYCLOAK_ADMIN_PASSWORD", "LIVELIHOOD_INTEGRATION_SECRET",
                   "LIVELIHOOD_USER_PASSWORD")
check(env_example.exists() and all(re.search(rf"(?m)^{v}=\s*$", env_example.read_text(encoding="utf-8")) for v in PASSWORDS + SIGN_IN_SECRETS),
      f"deploy/.env.example documents {', '.join(PASSWORDS + SIGN_IN_SECRETS)}, empty")
check(env_example.exists() and not re.search(r"(?m)^JWT_", env_example.read_text(encoding="utf-8")), "deploy/.env.example names no JWT_* any more")

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
    import tempfile
    base_env = {k: v for k, v in os.environ.items()
                if k not in PASSWORDS + SIGN_IN_SECRETS + ("COMPOSE_FILE", "COMPOSE_PROFILES") and not k.startswith("OIDC_")}
    given = {**base_env, **{v: "validate-only" for v in PASSWORDS + SIGN_IN_SECRETS}}
    run = lambda env, *extra: subprocess.run(compose_cmd + ["-f", str(compose_file), "--project-directory", str(deploy), *extra, "config", "-q"],
                                             capture_output=True, text=True, env=env, timeout=60)
    ok = run(given)
    check(ok.returncode == 0, f"`{' '.join(compose_cmd)} config -q` accepts it (passwords and sign-in secrets given) {ok.stderr.strip()[-300:]}")
    ok = run(given, "--profile", "keycloak")
    check(ok.returncode == 0, f"`{' '.join(compose_cmd)} --profile keycloak config -q` accepts it {ok.stderr.strip()[-300:]}")
    for missing in PASSWORDS + SIGN_IN_SECRETS:
        refused = run({k: v for k, v in given.items() if k != missing})
        check(refused.returncode != 0 and missing in refused.stderr, f"`{' '.join(compose_cmd)} config` refuses it without {missing}")
else:
    check(False, "no `docker compose` nor `docker-compose` to check the compose file with (apt-get install docker-compose)")

compose = docs[compose_file][0]
services = compose.get("services", {})
init = "".join(f.read_text(encoding="utf-8") for f in (deploy / "postgres-init").glob("*"))
services_in_init = re.search(r"for service in ([\w ]+); do", init)
created_dbs = {f"livelihood_{s}" for s in services_in_init.group(1).split()} if services_in_init else set()
check('create database :"role" owner :"role"' in init, "postgres-init: each service's database is owned by its own role")
for name in ("kafka", "kafka-topics", "postgres", "keycloak", *SERVICES):
    check(name in services, f"compose: {name} defined")
check(not compose.get("configs") and "JWT" not in compose_file.read_text(encoding="utf-8"), "compose: no JWT public key config any more")
keycloak = services.get("keycloak", {})
kc_env = keycloak.get("environment", {})
realm_file = deploy / "keycloak" / "livelihood-realm.json"
realm_placeholders = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", realm_file.read_text(encoding="utf-8"))) if realm_file.exists() else set()
check(keycloak.get("image") == "quay.io/keycloak/keycloak:26.5.6" and keycloak.get("profiles") == ["keycloak"]
      and keycloak.get("command") == ["start-dev", "--import-realm"],
      "compose: keycloak is quay.io/keycloak/keycloak:26.5.6, `start-dev --import-realm`, optional (profile keycloak)")
check(any(re.fullmatch(r"\./keycloak/livelihood-realm\.json:/opt/keycloak/data/import/[\w.-]+\.json(:ro)?", v)
          for v in keycloak.get("volumes", [])) and realm_file.exists(),
      "compose: keycloak mounts keycloak/livelihood-realm.json into /opt/keycloak/data/import/")
check(realm_placeholders and realm_placeholders <= set(kc_env),
      f"compose: keycloak is given every placeholder of the realm file {sorted(realm_placeholders - set(kc_env)) or sorted(realm_placeholders)}")
check(kc_env.get("LIVELIHOOD_CONSOLE_SECRET", "").startswith("${OIDC_CONSOLE_SECRET:?")
      and all(kc_env.get(v, "").startswith(f"${{{v}:?") for v in ("LIVELIHOOD_INTEGRATION_SECRET", "LIVELIHOOD_USER_PASSWORD")),
      "compose: keycloak's console clients get the services' OIDC_CONSOLE_SECRET; the integration secret and the users' password are required")
kc_port = re.search(r":(\d+)$", kc_env.get("KC_HOSTNAME", "").rstrip("}"))
check(kc_env.get("KC_HOSTNAME_BACKCHANNEL_DYNAMIC") == "true" and kc_port and f"{kc_port.group(1)}:8080" in keycloak.get("ports", []),
      "compose: keycloak's issuer is the address browsers reach (KC_HOSTNAME, its published port); the services use the compose network")
for name in ("kafka", "postgres", "keycloak", *SERVICES):
    check("test" in services.get(name, {}).get("healthcheck", {}), f"compose: {name} has a health check")
kafka_c = services.get("kafka", {})
kenv = kafka_c.get("environment", {})
check(kafka_c.get("image", "").startswith("apache/kafka:"), "compose: kafka is the official apache/kafka image")
check(kenv.get("KAFKA_PROCESS_ROLES") == "broker,controller" and "KAFKA_NODE_ID" in kenv and "KAFKA_CONTROLLER_QUORUM_VOTERS" in kenv,
      "compose: kafka runs KRaft (broker,controller; node id; quorum voters)")
check(services.get("postgres", {}).get("image") == "postgres:15", "compose: postgres:15")
check(all(compose_topics_line in " ".join(services.get("kafka-topics", {}).get("command", [])) for compose_topics_line in CALENDARS),
      "compose: kafka-topics creates the plan-year and working-calendar topics")
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
    short = db.split("_")[1].upper()
    check(env.get("KAFKA_BOOTSTRAP_SERVERS") == "kafka:9092" and env.get("DB_USER") == db
          and env.get("DB_PASSWORD", "").startswith(f"${{{short}_DB_PASSWORD:?"),
          f"compose: {name} connects as its own role {db}, its password from the environment (required)")
    check(env.get("OIDC_AUTH_SERVER_URL") == "${OIDC_AUTH_SERVER_URL:-http://keycloak:8080/realms/livelihood}",
          f"compose: {name}'s OIDC_AUTH_SERVER_URL is the keycloak service's realm unless deploy/.env names another provider")
    check(env.get("OIDC_CONSOLE_ENABLED", "").startswith("${OIDC_CONSOLE_ENABLED:-true")
          and all(env.get(v, "").startswith(f"${{{v}:?") for v in ("OIDC_CONSOLE_SECRET", "OIDC_STATE_SECRET")),
          f"compose: {name}'s console sign-in is on, its secrets from the environment (required)")
    check(not any(k.startswith("JWT_") for k in env) and not s.get("configs") and not s.get("volumes"),
          f"compose: {name} has no JWT_* variable, config or volume any more")
    check(re.fullmatch(rf"\$\{{REGISTRY:-[^}}]+\}}/{name}:\$\{{VERSION:-[^}}]+\}}", s.get("image", "")),
          f"compose: {name}'s image is ${{REGISTRY}}/{name}:${{VERSION}}")
    deps = s.get("depends_on", {})
    check(all(deps.get(d, {}).get("condition") in ("service_healthy", "service_completed_successfully") for d in ("kafka", "kafka-topics", "postgres")),
          f"compose: {name} waits for a healthy kafka and postgres and the created topics")
    check("/q/health/ready" in " ".join(s.get("healthcheck", {}).get("test", [])), f"compose: {name} health check is /q/health/ready")
    build = s.get("build", {})
    context = (deploy / build.get("context", "?")).resolve()
    dockerfile = context / build.get("dockerfile", "?")
    check(context == root and dockerfile == deploy / "Dockerfile" and build.get("args", {}) == {"SERVICE": name, "PORT": str(port)},
          f"compose: {name} builds from the repository with deploy/Dockerfile (SERVICE={name}, PORT={port})")

# --- the image build ---------------------------------------------------------------------------------
section("deploy/Dockerfile")
text = (deploy / "Dockerfile").read_text(encoding="utf-8") if (deploy / "Dockerfile").exists() else ""
stages = re.findall(r"(?m)^FROM (\S+)", text)
check(len(stages) == 2 and stages[0].startswith("registry.access.redhat.com/ubi9/openjdk-17:")
      and stages[1].startswith("registry.access.redhat.com/ubi9/openjdk-17-runtime:") and all(":" in s and not s.endswith(":latest") for s in stages),
      "two stages: a pinned JDK image builds, a pinned JRE image runs")
check(re.search(r'mvnw -B .*package -DskipTests -pl "\$SERVICE" -am', text), "the build stage packages the service named by SERVICE from the repository")
for part in ("lib/", "${SERVICE}-runner.jar"):
    check(re.search(rf"(?m)^COPY --from=build .*target/app/{re.escape(part)} ", text), f"copies target/app/{part} from the build stage")
check(re.search(r"(?m)^EXPOSE \$\{PORT\}$", text), "EXPOSE the service's port")
check(re.search(r'(?m)^ENV JAVA_OPTS_APPEND=".*-Dquarkus\.http\.host=0\.0\.0\.0', text), "JAVA_OPTS_APPEND binds 0.0.0.0")
check(re.search(r"(?m)^USER 185$", text) and 'ENV JAVA_APP_JAR="/deployments/${SERVICE}-runner.jar"' in text, "runs the service's runner jar as user 185")
# The archive is made after USER (the JVM writes it into /deployments) and mapped from the same path.
check(re.search(r"(?ms)^USER 185$.*^RUN java -XX:ArchiveClassesAtExit=/deployments/app-cds\.jsa -jar [^;\n]*; \\\n\s*test -s /deployments/app-cds\.jsa$", text)
      and re.search(r'(?m)^ENV JAVA_OPTS_APPEND=".*-XX:SharedArchiveFile=/deployments/app-cds\.jsa -Xshare:auto', text),
      "the image makes a class-data archive of the service's start and maps it")
# The JVM options the benchmarks measure are the ones the image runs with.
stack_java = root / "test-support/src/main/java/cn/qinzhou/livelihood/testsupport/ServiceStack.java"
stack_source = stack_java.read_text(encoding="utf-8") if stack_java.exists() else ""
defaults = re.search(r"DEFAULT_JVM_OPTIONS = List\.of\(([^;]*)\);", stack_source)
measured_xx = set(re.findall(r'"(-XX:[^"]+)"', defaults.group(1))) if defaults else set()
image_env = {}
for env_line in re.findall(r"(?m)^ENV (.*)$", text):
    for token in shlex.split(env_line):
        if "=" in token:
            image_env.update([token.split("=", 1)])


def xx_name(option):
    return re.sub(r"^-XX:[+-]?", "", option).split("=", 1)[0]


# What the JVM gets in the image: the runtime image's run-java.sh puts its collector options first, from the GC_*
# variables (unset: ParallelGC, free ratios 10 and 20, time ratio 4, size policy weight 90), and
# -XX:+ExitOnOutOfMemoryError, then JAVA_OPTS_APPEND; of one option, the last one counts.
launcher_xx = image_env.get("GC_CONTAINER_OPTIONS", "-XX:+UseParallelGC").split() + [
    f"-XX:MinHeapFreeRatio={image_env.get('GC_MIN_HEAP_FREE_RATIO', '10')}",
    f"-XX:MaxHeapFreeRatio={image_env.get('GC_MAX_HEAP_FREE_RATIO', '20')}",
    f"-XX:GCTimeRatio={image_env.get('GC_TIME_RATIO', '4')}",
    f"-XX:AdaptiveSizePolicyWeight={image_env.get('GC_ADAPTIVE_SIZE_POLICY_WEIGHT', '90')}",
    "-XX:+ExitOnOutOfMemoryError"]
appended_xx = [o for o in image_env.get("JAVA_OPTS_APPEND", "").split()
               if o.startswith("-XX:") and not o.startswith("-XX:SharedArchiveFile=")]
effective = {}
for option in launcher_xx + appended_xx:
    effective[xx_name(option)] = option


def is_collector(option):
    return re.fullmatch(r"-XX:\+Use\w+GC", option) is not None


# The launcher's own additions that change nothing measured: G1's own time ratio, a ParallelGC-only weight, and
# exiting on an OutOfMemoryError instead of running on half broken.
def launcher_only(option):
    return option in ("-XX:GCTimeRatio=12", "-XX:+ExitOnOutOfMemoryError") or xx_name(option) == "AdaptiveSizePolicyWeight"


collectors = sorted(o for o in effective.values() if is_collector(o))
differing = sorted({o for o in measured_xx if effective.get(xx_name(o)) != o}
                   | {o for o in effective.values() if o not in measured_xx and not is_collector(o) and not launcher_only(o)})
check(measured_xx and len(collectors) == 1 and collectors[0] in measured_xx and not differing,
      f"the image's JVM gets the -XX options of ServiceStack.DEFAULT_JVM_OPTIONS, its collector too (run-java.sh's "
      f"GC_* variables, then JAVA_OPTS_APPEND; collectors {collectors}, differing: {differing})")
# The test JVMs (the parent pom's argLine) run with the services' raised C2 thresholds, as the benchmarks measured them.
pom = (root / "pom.xml").read_text(encoding="utf-8") if (root / "pom.xml").exists() else ""
arg_line = re.search(r"<argLine>([^<]*)</argLine>", pom)
measured_tier4 = {o for o in measured_xx if o.startswith("-XX:Tier4")}
test_tier4 = {o for o in arg_line.group(1).split() if o.startswith("-XX:Tier4")} if arg_line else set()
check(measured_tier4 and measured_tier4 == test_tier4,
      f"the parent pom's argLine has the -XX:Tier4 options of ServiceStack.DEFAULT_JVM_OPTIONS (only in one: {sorted(measured_tier4 ^ test_tier4)})")
ignore = (root / ".dockerignore").read_text(encoding="utf-8") if (root / ".dockerignore").exists() else ""
check("**/target/" in ignore and "deploy/.env" in ignore, ".dockerignore keeps build output and local secrets out of the context")

failed = [w for ok, w in results if not ok]
for w in failed:
    print(f"[manifests] FAILED: {w}")
print(f"[manifests] {len(results)} checks over {len(files)} YAML files and the Dockerfile: {len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
PYTHON
