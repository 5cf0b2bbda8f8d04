// Validates `kubectl kustomize` builds against pinned schemas; run by ../validate-manifests.sh, which passes on stdin a
// JSON object of build name -> the build's YAML.
//  - Kubernetes resources: the OpenAPI schemas compiled into the npm package kubernetes-models (package.json pins it);
//  - ServiceMonitor: @kubernetes-models/prometheus-operator;
//  - Strimzi resources: the openAPIV3Schema of Strimzi's CRDs, with AJV. They are read from the JSON file named by the
//    first argument (a list of CRDs, each with "from": its file name), which validate-manifests.sh writes from the
//    io.strimzi:api tests jar of the pinned release. As the API server does, a field that a structural schema does not
//    declare is refused (it would be pruned, or refused under strict field validation), and metadata is checked as an
//    ObjectMeta;
//  - the kinds named in NO_SCHEMA are reported as not validated; any other kind without a schema fails.
// Prints a JSON array of {build, ok, what} on stdout, one entry per document, and exits 0; a crash exits non-zero.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";

const NO_SCHEMA = new Set(["postgresql.cnpg.io/v1 Cluster", "postgresql.cnpg.io/v1 Database",
  "postgresql.cnpg.io/v1 ScheduledBackup", "barmancloud.cnpg.io/v1 ObjectStore"]);

// --- Kubernetes and prometheus-operator models: one class per apiVersion and kind ---------------------------------
async function model(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const modules = group === "monitoring.coreos.com"
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`]
    : [`kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`];
  for (const name of modules) {
    try {
      const module = await import(name);
      if (module[kind]) return module[kind];
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
  }
  return null;
}

// --- Strimzi CRDs -------------------------------------------------------------------------------------------------
// The API server keeps only the fields a structural schema declares, unless x-kubernetes-preserve-unknown-fields or
// additionalProperties says otherwise; kubectl's strict field validation turns a dropped field into an error.
function refuseUndeclared(schema) {
  if (Array.isArray(schema)) return schema.map(refuseUndeclared);
  if (!schema || typeof schema !== "object") return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === "properties"
    ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, refuseUndeclared(s)])) : refuseUndeclared(v)]));
  if (out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) {
    out.additionalProperties = false;
  }
  return out;
}

function crdValidators(file) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validators = new Map();
  for (const doc of JSON.parse(readFileSync(file, "utf8"))) {
    for (const v of doc.spec.versions.filter((v) => v.served)) {
      const schema = v.schema.openAPIV3Schema;
      let compiled = null; // compiled when first used: compiling every CRD would double the run time
      validators.set(`${doc.spec.group}/${v.name} ${doc.spec.names.kind}`,
        { validate: () => (compiled ??= ajv.compile(refuseUndeclared(schema))), from: doc.from });
    }
  }
  return validators;
}

function errorsOf(errors) {
  return errors.slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}` +
    (e.keyword === "additionalProperties" ? ` (${e.params.additionalProperty})` : "") +
    (e.keyword === "enum" ? ` ${JSON.stringify(e.params.allowedValues)}` : "")).join("; ");
}

const crds = crdValidators(process.argv[2]);
const builds = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const [build, input] of Object.entries(builds)) for (const parsed of parseAllDocuments(input)) {
  if (parsed.errors.length) {
    results.push({ build, ok: false, what: `a document does not parse: ${parsed.errors[0].message}` });
    continue;
  }
  const doc = parsed.toJS();
  if (doc == null) continue;
  const type = `${doc.apiVersion} ${doc.kind}`;
  const label = `${doc.kind} ${doc.metadata?.name}`;
  const crd = crds.get(type);
  try {
    if (crd) {
      try {
        new ObjectMeta(doc.metadata).validate();
      } catch (e) {
        throw new Error(`metadata: ${e.message}`);
      }
      const validate = crd.validate();
      const ok = validate(doc);
      results.push({ build, ok, what: `${label}: ${ok ? "valid" : "INVALID"} against Strimzi's CRD ${crd.from}` +
        (ok ? "" : `: ${errorsOf(validate.errors)}`) });
      continue;
    }
    const Model = await model(doc.apiVersion, doc.kind);
    if (Model) {
      new Model(doc).validate();
      results.push({ build, ok: true, what: `${label}: valid against the ${doc.apiVersion} schema` });
    } else if (NO_SCHEMA.has(type)) {
      results.push({ build, ok: true, what: `${label}: NOT validated (no pinned schema for ${type}; see deploy/README.md)` });
    } else {
      results.push({ build, ok: false, what: `${label}: no schema known for ${type}` });
    }
  } catch (e) {
    results.push({ build, ok: false, what: `${label}: INVALID: ${e.message.split("\n")[0].slice(0, 400)}` });
  }
}
process.stdout.write(JSON.stringify(results));
