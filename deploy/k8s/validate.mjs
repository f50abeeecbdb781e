// Offline checks of rendered Cusp manifests (run by validate.sh, which installs the npm packages imported here
// into a directory outside the repository).
//
// 1. Schema: every core object (Deployment, Service, ConfigMap, PodDisruptionBudget) against kubernetes-models,
//    ScaledObject against @kubernetes-models/keda, ServiceMonitor against @kubernetes-models/prometheus-operator.
//    These validators ignore unknown fields. Strimzi KafkaTopic and CloudNativePG Cluster have no offline schema
//    package: the fields Cusp relies on are checked by hand below.
// 2. Consistency with the services' own configuration (<module>/src/main/resources/application.properties):
//    HTTP ports, health and metrics paths, consumer groups and topics of the KEDA triggers, a KafkaTopic for every
//    topic and dead-letter topic a channel names, message limits, the broker KEDA polls, the database names.
// 3. Policy: no literal secrets, non-root and read-only root file systems, limits on every container, OMP threads
//    tied to the CPU limit for ND4J users, KEDA replicas within the partition count.
//
// Usage: node validate.mjs --repo <repository root> <rendered.yaml>...

import { readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { parseAllDocuments } from "yaml";

const MODULES = {
  gateway: "gateway",
  "report-service": "report-service",
  "attack-service": "attack-service",
  "singularity-service": "singularity-service",
};
// Services that load ND4J (gateway checks every uploaded model with DL4J).
const ND4J_USERS = new Set(["gateway", "attack-service", "singularity-service"]);
const WORKERS = new Set(["attack-service", "singularity-service"]);
// Services that use PostgreSQL.
const DB_USERS = new Set(["gateway", "report-service"]);
const HEALTH = { livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready", startupProbe: "/q/health/started" };
const BROKER_MESSAGE_MAX_BYTES_DEFAULT = 1048588;

const args = process.argv.slice(2);
const repoIndex = args.indexOf("--repo");
if (repoIndex < 0 || !args[repoIndex + 1]) {
  console.error("usage: node validate.mjs --repo <repository root> <rendered.yaml>...");
  process.exit(2);
}
const repo = args[repoIndex + 1];
const files = args.filter((_, i) => i !== repoIndex && i !== repoIndex + 1);
if (files.length === 0) {
  console.error("no rendered manifest given");
  process.exit(2);
}

/** application.properties of a module as a map (prod profile: keys with a %profile prefix are skipped). */
function properties(module) {
  const text = readFileSync(join(repo, module, "src/main/resources/application.properties"), "utf8");
  const map = new Map();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith("%")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) map.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return map;
}

/** The Kafka channels of a module: name -> {direction, topic, group, dlq, maxRequestSize}. */
function channels(props) {
  const result = new Map();
  for (const [key, value] of props) {
    const m = key.match(/^mp\.messaging\.(incoming|outgoing)\.([^.]+)\.(.+)$/);
    if (!m) continue;
    const [, direction, name, attr] = m;
    const ch = result.get(name) ?? { direction, name };
    if (attr === "topic") ch.topic = value;
    if (attr === "group.id") ch.group = value;
    if (attr === "dead-letter-queue.topic") ch.dlq = value;
    if (attr === "max.request.size") ch.maxRequestSize = value;
    result.set(name, ch);
  }
  return result;
}

/** Resolves ${key} references against the same properties (one level, as used by the services). */
function resolve(value, props) {
  return value?.replace(/\$\{([^}:]+)(?::([^}]*))?\}/g, (_, k, d) => props.get(k) ?? d ?? "");
}

/** Topic names declared in dev.cusp.core.event.Topics. */
function coreTopics() {
  const text = readFileSync(join(repo, "core/src/main/java/dev/cusp/core/event/Topics.java"), "utf8");
  const names = [...text.matchAll(/public static final String [A-Z_]+ = "([a-z.]+)";/g)].map((m) => m[1]);
  const suffix = text.match(/DLQ_SUFFIX = "([^"]+)"/)?.[1];
  return { names: names.filter((n) => n !== suffix), dlqSuffix: suffix };
}

const modelCache = new Map();
async function model(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let spec;
    if (apiVersion.startsWith("keda.sh/")) spec = `@kubernetes-models/keda/${apiVersion}/${kind}`;
    else if (apiVersion.startsWith("monitoring.coreos.com/")) spec = `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
    else if (apiVersion === "v1") spec = `kubernetes-models/v1/${kind}`;
    else if (!apiVersion.split("/")[0].includes(".") || apiVersion.split("/")[0].endsWith(".k8s.io")) {
      spec = `kubernetes-models/${apiVersion}/${kind}`;
    }
    modelCache.set(key, spec ? (await import(spec))[kind] : null);
  }
  return modelCache.get(key);
}

let failures = 0;
function fail(where, message) {
  failures++;
  console.error(`  FAIL ${where}: ${message}`);
}
function check(condition, where, message) {
  if (!condition) fail(where, message);
  return condition;
}

const modulesProps = Object.fromEntries(Object.entries(MODULES).map(([svc, mod]) => [svc, properties(mod)]));
const modulesChannels = Object.fromEntries(Object.entries(modulesProps).map(([svc, p]) => [svc, channels(p)]));
const topicsInCode = coreTopics();

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const docs = parseAllDocuments(text);
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) fail(basename(file), `YAML error: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj) objects.push(obj);
  }
  console.log(`${basename(file)}: ${objects.length} objects`);
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const name = (o) => `${o.kind}/${o.metadata?.name}${o.metadata?.namespace ? " (" + o.metadata.namespace + ")" : ""}`;

  // 1. Schemas.
  let schemaChecked = 0;
  for (const obj of objects) {
    const Model = await model(obj.apiVersion, obj.kind);
    if (!Model) continue;
    try {
      new Model(obj).validate();
      schemaChecked++;
    } catch (e) {
      fail(name(obj), `schema: ${e.message.split("\n").slice(0, 6).join(" | ")}`);
    }
  }
  console.log(`  schema-validated ${schemaChecked} objects (${objects.length - schemaChecked} custom resources checked by hand)`);

  // No literal secrets anywhere.
  for (const secret of byKind("Secret")) fail(name(secret), "a Secret is rendered: credentials must come from the cluster");
  const envOf = (c) => c.env ?? [];

  const configMaps = byKind("ConfigMap");
  const sharedConfig = configMaps.find((c) => c.metadata.name.startsWith("cusp-config"));
  const dbConfig = configMaps.find((c) => c.metadata.name.startsWith("cusp-db-config"));
  check(sharedConfig, "ConfigMap/cusp-config", "missing");
  check(dbConfig, "ConfigMap/cusp-db-config", "missing");
  const bootstrap = sharedConfig?.data?.KAFKA_BOOTSTRAP_SERVERS;
  check(bootstrap && /\.svc(\.|:)/.test(bootstrap), "ConfigMap/cusp-config",
    `KAFKA_BOOTSTRAP_SERVERS must be a fully qualified service name (KEDA resolves it from its own namespace): ${bootstrap}`);

  // 2. Deployments against the services' configuration.
  const deployments = byKind("Deployment");
  const services = byKind("Service");
  for (const svc of Object.keys(MODULES)) {
    const dep = deployments.find((d) => d.metadata.name === svc);
    if (!check(dep, `Deployment/${svc}`, "missing")) continue;
    const where = name(dep);
    const props = modulesProps[svc];
    const pod = dep.spec.template.spec;
    const port = Number(props.get("quarkus.http.port"));
    const c = pod.containers.find((x) => x.name === svc);
    if (!check(c, where, `no container named ${svc}`)) continue;
    check(c.image?.startsWith(`cusp/${svc}:`), where, `image ${c.image} is not cusp/${svc}:<tag>`);
    const http = (c.ports ?? []).find((p) => p.name === "http");
    check(http?.containerPort === port, where, `container port http ${http?.containerPort} != quarkus.http.port ${port}`);
    for (const [probe, path] of Object.entries(HEALTH)) {
      const p = c[probe]?.httpGet;
      check(p?.path === path && p?.port === "http", where, `${probe} must be GET ${path} on port http, is ${JSON.stringify(p)}`);
    }
    check(pod.securityContext?.runAsNonRoot === true, where, "pod securityContext.runAsNonRoot must be true");
    check(Number.isInteger(dep.spec.template.spec.terminationGracePeriodSeconds), where, "terminationGracePeriodSeconds not set");
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      const cw = `${where} container ${container.name}`;
      check(container.securityContext?.readOnlyRootFilesystem === true, cw, "readOnlyRootFilesystem must be true");
      check(container.securityContext?.allowPrivilegeEscalation === false, cw, "allowPrivilegeEscalation must be false");
      check(container.resources?.limits?.cpu && container.resources?.limits?.memory, cw, "cpu and memory limits required");
      for (const e of envOf(container)) {
        if (/PASSWORD|SECRET|TOKEN|CREDENTIAL/i.test(e.name)) {
          check(e.value === undefined && e.valueFrom?.secretKeyRef, cw, `${e.name} must come from a secretKeyRef, not a literal`);
        }
      }
      const mounts = new Map((container.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
      check(mounts.has("/tmp"), cw, "no writable /tmp mounted (the root file system is read-only)");
    }
    const env = new Map(envOf(c).map((e) => [e.name, e]));
    const mounts = new Map((c.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
    const opts = env.get("JAVA_TOOL_OPTIONS")?.value ?? "";
    if (ND4J_USERS.has(svc)) {
      const omp = env.get("OMP_NUM_THREADS")?.valueFrom?.resourceFieldRef;
      check(omp?.resource === "limits.cpu" && omp?.containerName === svc && String(omp?.divisor) === "1", where,
        "OMP_NUM_THREADS must be the container's CPU limit (resourceFieldRef limits.cpu, divisor 1)");
      const cacheDir = opts.match(/-Dorg\.bytedeco\.javacpp\.cachedir=(\S+)/)?.[1];
      check(cacheDir && mounts.has(cacheDir), where, `JavaCPP cache dir ${cacheDir} is not a mounted volume`);
      const heap = Number(opts.match(/-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)/)?.[1]);
      const phys = Number(opts.match(/-Dorg\.bytedeco\.javacpp\.maxphysicalbytes=(\d+)%/)?.[1]);
      // The RSS bound (docs/operations.md, "Memory"): the workers allocate fast and sit at the bound + up to 70 MiB
      // under load, so theirs is 75 % of the limit; the gateway only loads models (90 %).
      const bound = WORKERS.has(svc) ? 75 : 90;
      check(heap > 0 && phys > 0 && Math.abs((heap * phys) / 100 - bound) < 1, where,
        `JavaCPP maxphysicalbytes (${phys} % of the heap) x MaxRAMPercentage (${heap}) should be ${bound} % of the limit`);
      if (WORKERS.has(svc)) {
        check(env.get("MALLOC_ARENA_MAX")?.value === "2", where, "MALLOC_ARENA_MAX must be 2 (the measured configuration)");
        check(/-XX:TrimNativeHeapInterval=\d+/.test(opts), where, "-XX:TrimNativeHeapInterval is missing from JAVA_TOOL_OPTIONS");
      }
    }
    const envFromNames = (c.envFrom ?? []).map((e) => e.configMapRef?.name ?? "");
    check(envFromNames.some((n) => n === sharedConfig?.metadata.name), where, "does not read cusp-config");
    if (DB_USERS.has(svc)) {
      check(envFromNames.some((n) => n === dbConfig?.metadata.name), where, "does not read cusp-db-config");
      for (const key of ["QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD"]) {
        check(env.get(key)?.valueFrom?.secretKeyRef?.name, where, `${key} must come from a Secret`);
      }
    }
    if (svc === "attack-service" || svc === "singularity-service") {
      check(dep.spec.replicas === undefined, where, "KEDA owns the replica count: spec.replicas must not be set");
      const dataDir = sharedConfig?.data?.CUSP_DATA_FASHION_MNIST_DIR;
      check(mounts.get(dataDir) === "fashion-mnist", where, `the fashion-mnist volume is not mounted at ${dataDir}`);
      const init = (pod.initContainers ?? []).find((i) => i.name === "fashion-mnist");
      if (check(init, where, "no fashion-mnist initContainer")) {
        const initEnv = new Map(envOf(init).map((e) => [e.name, e.value]));
        const initMounts = new Map((init.volumeMounts ?? []).map((m) => [m.name, m.mountPath]));
        check(initMounts.get("fashion-mnist") === initEnv.get("DATA_DIR"), where, "initContainer DATA_DIR is not the fashion-mnist volume");
      }
    }
    const service = services.find((s) => s.metadata.name === svc);
    if (check(service, `Service/${svc}`, "missing")) {
      const sp = service.spec.ports.find((p) => p.name === "http");
      check(sp?.port === port && sp?.targetPort === "http", name(service), `port http must be ${port} -> http`);
      check(Object.entries(service.spec.selector).every(([k, v]) => dep.spec.template.metadata.labels[k] === v),
        name(service), "selector does not match the Deployment's pods");
    }
    const pdb = byKind("PodDisruptionBudget").find((p) => p.metadata.name === svc);
    if (check(pdb, `PodDisruptionBudget/${svc}`, "missing")) {
      check(Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => dep.spec.template.metadata.labels[k] === v),
        name(pdb), "selector does not match the Deployment's pods");
    }
  }

  // The URLs the services call each other on.
  const urlPort = (u) => Number(new URL(u).port);
  check(urlPort(sharedConfig?.data?.CUSP_GATEWAY_URL) === Number(modulesProps.gateway.get("quarkus.http.port")),
    "ConfigMap/cusp-config", "CUSP_GATEWAY_URL port is not the gateway's");
  check(urlPort(sharedConfig?.data?.CUSP_REPORT_SERVICE_URL) === Number(modulesProps["report-service"].get("quarkus.http.port")),
    "ConfigMap/cusp-config", "CUSP_REPORT_SERVICE_URL port is not the report-service's");

  // Kafka topics: every topic a channel names, with its dead-letter topic, and every topic of Topics.java.
  const topics = new Map(byKind("KafkaTopic").map((t) => [t.spec?.topicName ?? t.metadata.name, t]));
  const needed = new Set(topicsInCode.names.flatMap((n) => [n, n + topicsInCode.dlqSuffix]));
  let producerMax = 0;
  for (const [svc, chans] of Object.entries(modulesChannels)) {
    for (const ch of chans.values()) {
      if (ch.topic) needed.add(ch.topic);
      if (ch.dlq) needed.add(ch.dlq);
      if (ch.direction === "incoming") {
        check(ch.dlq === `${ch.topic}${topicsInCode.dlqSuffix}`, `${svc} channel ${ch.name}`, `dead-letter topic ${ch.dlq} is not ${ch.topic}.dlq`);
      }
      const size = Number(resolve(ch.maxRequestSize, modulesProps[svc]));
      if (size) producerMax = Math.max(producerMax, size);
    }
  }
  for (const t of needed) check(topics.has(t), `KafkaTopic ${t}`, "missing");
  for (const [t, obj] of topics) {
    const where = name(obj);
    check(obj.apiVersion === "kafka.strimzi.io/v1beta2", where, `apiVersion ${obj.apiVersion}`);
    check(obj.metadata.labels?.["strimzi.io/cluster"], where, "no strimzi.io/cluster label");
    check(Number.isInteger(obj.spec.partitions) && obj.spec.partitions >= 1, where, "partitions must be a positive integer");
    check(Number.isInteger(obj.spec.replicas) && obj.spec.replicas >= 1, where, "replicas must be a positive integer");
    const cfg = obj.spec.config ?? {};
    check(Number(cfg["min.insync.replicas"]) <= obj.spec.replicas, where, "min.insync.replicas exceeds replicas");
    const maxBytes = Number(cfg["max.message.bytes"]);
    check(maxBytes >= producerMax && maxBytes <= BROKER_MESSAGE_MAX_BYTES_DEFAULT, where,
      `max.message.bytes ${maxBytes} must hold a producer's max.request.size (${producerMax}) and stay within the broker default ${BROKER_MESSAGE_MAX_BYTES_DEFAULT}`);
    check(Number(cfg["retention.ms"]) > 0, where, "retention.ms must be set");
    check(needed.has(t), where, "a topic that no channel and no Topics.java constant names");
  }
  const maxShardBytes = Number(modulesProps.gateway.get("cusp.gateway.shards.max-message-bytes"));
  check(maxShardBytes <= producerMax, "gateway", `shard size bound ${maxShardBytes} exceeds the producers' max.request.size ${producerMax}`);

  // KEDA: the consumer group and topic each worker really consumes; replicas within the partitions.
  for (const svc of ["attack-service", "singularity-service"]) {
    const so = byKind("ScaledObject").find((s) => s.spec?.scaleTargetRef?.name === svc);
    if (!check(so, `ScaledObject for ${svc}`, "missing")) continue;
    const where = name(so);
    const incoming = [...modulesChannels[svc].values()].filter((ch) => ch.direction === "incoming");
    const triggers = so.spec.triggers.filter((t) => t.type === "kafka").map((t) => t.metadata ?? {});
    check(triggers.length === incoming.length, where,
      `${svc} has ${incoming.length} incoming channels but ${triggers.length} kafka triggers`);
    let widest = 0;
    for (const ch of incoming) {
      const trig = triggers.find((t) => t.topic === ch.topic);
      if (!check(trig, where, `no kafka trigger for ${svc}'s incoming topic ${ch.topic}`)) continue;
      check(trig.consumerGroup === ch.group, where, `consumerGroup ${trig.consumerGroup} != ${svc}'s group.id ${ch.group} (${ch.topic})`);
      check(trig.bootstrapServers === bootstrap, where, `bootstrapServers ${trig.bootstrapServers} != KAFKA_BOOTSTRAP_SERVERS ${bootstrap}`);
      const autoReset = modulesProps[svc].get(`mp.messaging.incoming.${ch.name}.auto.offset.reset`);
      check(trig.offsetResetPolicy === autoReset, where, `offsetResetPolicy ${trig.offsetResetPolicy} != auto.offset.reset ${autoReset} (${ch.topic})`);
      check(Number(trig.lagThreshold) > 0, where, `lagThreshold must be positive (${ch.topic})`);
      const partitions = topics.get(ch.topic)?.spec?.partitions;
      check(partitions, where, `${ch.topic} has no KafkaTopic with partitions`);
      widest = Math.max(widest, partitions ?? 0);
    }
    check(so.spec.minReplicaCount >= 1 && so.spec.minReplicaCount <= so.spec.maxReplicaCount, where, "need 1 <= min <= max replicas");
    // a replica beyond the widest topic's partitions would get no partition of any topic
    check(so.spec.maxReplicaCount <= widest, where,
      `maxReplicaCount ${so.spec.maxReplicaCount} exceeds the ${widest} partitions of ${svc}'s widest topic`);
  }

  // Prometheus scraping of every service.
  const sm = byKind("ServiceMonitor")[0];
  if (check(sm, "ServiceMonitor", "missing")) {
    const ep = sm.spec.endpoints[0];
    check(ep.path === "/q/metrics" && ep.port === "http", name(sm), "must scrape /q/metrics on port http");
    for (const svc of services) {
      check(Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels?.[k] === v),
        name(sm), `does not select ${name(svc)}`);
    }
  }

  // PostgreSQL: the CloudNativePG cluster the services point at, when the overlay creates one.
  for (const cluster of byKind("Cluster")) {
    const where = name(cluster);
    check(cluster.apiVersion === "postgresql.cnpg.io/v1", where, `apiVersion ${cluster.apiVersion}`);
    check(Number.isInteger(cluster.spec.instances) && cluster.spec.instances >= 1, where, "instances must be >= 1");
    check(cluster.spec.storage?.size, where, "storage.size required");
    const db = cluster.spec.bootstrap?.initdb?.database;
    const url = dbConfig?.data?.QUARKUS_DATASOURCE_JDBC_URL ?? "";
    check(url === `jdbc:postgresql://${cluster.metadata.name}-rw:5432/${db}`, where,
      `QUARKUS_DATASOURCE_JDBC_URL ${url} is not the cluster's read-write service and database`);
    for (const svc of DB_USERS) {
      const c = deployments.find((d) => d.metadata.name === svc)?.spec.template.spec.containers[0];
      for (const e of envOf(c ?? {})) {
        const ref = e.valueFrom?.secretKeyRef;
        if (e.name.startsWith("QUARKUS_DATASOURCE_")) {
          check(ref?.name === `${cluster.metadata.name}-app`, where, `${svc} ${e.name} reads ${ref?.name}, not ${cluster.metadata.name}-app`);
        }
      }
    }
    for (const role of cluster.spec.managed?.roles ?? []) {
      check(role.passwordSecret?.name && !role.password, where, `role ${role.name}: password must come from a Secret`);
    }
  }
}

if (failures) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
