#!/usr/bin/env python3
"""Breach -> Slack on the running platform, as bench/run.sh calls it (standard library only).

Sets up, through the public APIs only: a Slack channel on the local Slack fake and a route that sends the bench's
alerts there; 100 rules (98 that read 10,000 live series and never fire, one P1 and one P2 breach rule); the 10,000
series pushed through metrics-ingest and kept live by a pusher thread that sends them again, a batch every 500 ms,
while the breaches are measured (every series every 10 s, 1,000 samples/s). Then, one breach at a time, pushes a sample that breaches the P1 (then the P2) rule
for a fresh instance (a new alert group each time) and takes the time from just before the push to the moment the
Slack fake received the alert's chat.postMessage (the fake's receivedAt; same machine clock). A breach starts only
when the previous breach's messages (the alert's, then its incident's in the alert's thread) are more than 1.1 s
old, so the 1 message/s pacing of the Slack channel never delays it.
Then deliveries: after an uncounted burst of 5, FANOUT_ALERTS (20) P3 alerts without group wait fire together, each routed to FANOUT_CHANNELS (100)
webhook channels on the webhook fake; the rate is the deliveries over the time from the first to the last receipt.
Everything the bench made is deleted at the end (routes first, so the alerts that resolve when their rules go are
not sent), and the incidents its breaches opened are cancelled.

Prints one line per severity: "P1 <count> <p50 ms> <p95 ms> <max ms> <push p50 ms>", then the series pusher's rate, then "fanout <deliveries> <seconds> <per second> <push -> first ms>".
Environment (bench/run.sh sets it): BENCH_ROOT, FAKE_SLACK_PORT, FAKE_WEBHOOK_PORT, DEMO_SLACK_TOKEN,
BENCH_FANOUT_CHANNELS (100), BENCH_FANOUT_ALERTS (20), BENCH_FANOUT_WARMUP (5 uncounted alerts first), BENCH_P1_BREACHES (40),
BENCH_P2_BREACHES (6), BENCH_BREACH_WARMUP (5 uncounted P1 breaches first), BENCH_SERIES (10000), BENCH_RULES (100), BENCH_OUT (where the raw latencies go).
"""
import datetime
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.environ["BENCH_ROOT"]
OUT = os.environ.get("BENCH_OUT", ".")
SLACK_FAKE = "http://127.0.0.1:%s" % os.environ["FAKE_SLACK_PORT"]
SLACK_TOKEN = os.environ["DEMO_SLACK_TOKEN"]
WEBHOOK_FAKE = "http://127.0.0.1:%s" % os.environ["FAKE_WEBHOOK_PORT"]
FANOUT_CHANNELS = int(os.environ.get("BENCH_FANOUT_CHANNELS", "100"))
FANOUT_ALERTS = int(os.environ.get("BENCH_FANOUT_ALERTS", "20"))
FANOUT_WARMUP_ALERTS = int(os.environ.get("BENCH_FANOUT_WARMUP", "5"))
INGEST = "http://localhost:8081/api/v1"
ALERTING = "http://localhost:8082/api/v1"
NOTIFY = "http://localhost:8085/api/v1"
INCIDENTS = "http://localhost:8083/api/v1"
P1_BREACHES = int(os.environ.get("BENCH_P1_BREACHES", "40"))
P2_BREACHES = int(os.environ.get("BENCH_P2_BREACHES", "6"))
BREACH_WARMUP = int(os.environ.get("BENCH_BREACH_WARMUP", "5"))
SERIES = int(os.environ.get("BENCH_SERIES", "10000"))
RULES = int(os.environ.get("BENCH_RULES", "100"))
LOAD_METRICS = ["custom_bench_load_%d" % i for i in range(5)]
RUN = datetime.datetime.now(datetime.timezone.utc).strftime("%H%M%S")
CHANNEL_NAME = "Slack #bench-breach"


class Tokens:
    """Keycloak's access tokens are short-lived: one is fetched again after a minute."""

    def __init__(self):
        self.cache = {}
        self.lock = threading.Lock()

    def __call__(self, role):
        with self.lock:
            token, at = self.cache.get(role, (None, 0))
            if token is None or time.monotonic() - at > 60:
                token = subprocess.check_output([ROOT + "/infra/bin/token.sh", role], text=True).strip()
                self.cache[role] = (token, time.monotonic())
            return token


tokens = Tokens()


def call(method, url, role=None, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if role:
        request.add_header("Authorization", "Bearer " + tokens(role))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.strip().startswith(("{", "[")) else text)
    except urllib.error.HTTPError as e:
        raise SystemExit("bench: %s %s answered %d: %s" % (method, url, e.code, e.read().decode()[:500]))


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rule(name, metric, threshold, severity, labels):
    return {"name": name, "metric": metric, "comparator": "GT", "threshold": threshold, "thresholdUnit": "COUNT",
            "severity": severity,
            "labels": labels, "summary": name, "description": "Made by bench/breach.py; deleted when it ends."}


def series_batches():
    """The live series: 5 metrics x 10 instances x (SERIES / 50) queues, 500 samples a request."""
    queues = max(1, SERIES // (len(LOAD_METRICS) * 10))
    samples = []
    for metric in LOAD_METRICS:
        for instance in range(10):
            for queue in range(queues):
                samples.append({"instanceId": "bench-load-%d" % instance, "queueId": "bench-q-%d" % queue,
                                "metric": metric, "value": (instance + queue) % 50, "unit": "COUNT"})
    return [samples[i:i + 500] for i in range(0, len(samples), 500)]


def push(samples):
    stamp = now_text()
    call("POST", INGEST + "/metrics", "ingest", {"samples": [dict(s, timestamp=stamp) for s in samples]})


class Pusher(threading.Thread):
    """Keeps the series live: one batch of 500 every 500 ms (10,000 series every 10 s), until stopped."""

    def __init__(self, batches):
        super().__init__(daemon=True)
        self.batches = batches
        self.stopped = threading.Event()
        self.sent = 0

    def run(self):
        started = time.monotonic()
        while not self.stopped.is_set():
            batch = self.batches[self.sent % len(self.batches)]
            push(batch)
            self.sent += 1
            # Paces the load, it does not wait for a condition: the next batch is due 500 ms after this one.
            self.stopped.wait(max(0.0, started + self.sent * 0.5 - time.monotonic()))


def slack_messages_since(sequence):
    # Only what came after: the fake keeps every message of the demo's day, and the poll runs every 20 ms.
    _, received = call("GET", SLACK_FAKE + "/_fake/requests?prefix=/api/chat.postMessage&after=%d" % sequence)
    return received


last_seen = 0


def last_sequence():
    global last_seen
    _, received = call("GET", SLACK_FAKE + "/_fake/requests?bodies=false&after=%d" % last_seen)
    last_seen = max([r["sequence"] for r in received], default=last_seen)
    return last_seen


def received_at(request):
    text = request["receivedAt"]
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def bench_messages_since(sequence, prefix):
    """This run's messages in the bench's channel that start with prefix (earlier runs' incidents may still post)."""
    found = []
    for request in slack_messages_since(sequence):
        body = json.loads(request["body"])
        if body.get("channel") == "#bench-breach" and body.get("text", "").startswith(prefix) \
                and ("bench %s breach" % RUN) in body.get("text", ""):
            found.append(request)
    return found


# When the bench's Slack channel last received a message; kept across measure() calls, so that the first counted
# breach also waits out the pacing slot of the warm-up's last incident message.
last_message = 0.0


def measure(severity, metric, count, timeout, name=None):
    global last_message
    latencies, pushes = [], []
    for i in range(count):
        instance = "bench-breach-%s-%s-%d" % (RUN, name or severity.lower(), i)
        while time.time() - last_message < 1.1:
            time.sleep(0.05)  # pacing of the channel (1 message/s), see the module comment
        since = last_sequence()
        start = time.time()
        call("POST", INGEST + "/metrics", "ingest", {"samples": [
            {"instanceId": instance, "queueId": "bench-breach", "metric": metric, "value": 99.0, "unit": "COUNT",
             "timestamp": now_text()}]})
        pushes.append((time.time() - start) * 1000)
        deadline = time.time() + timeout
        found = []
        while not found:
            if time.time() > deadline:
                raise SystemExit("bench: no Slack message for the %s breach of %s within %d s" % (severity, instance, timeout))
            time.sleep(0.02)  # polls the fake; the latency is taken from the fake's own receive time
            # The first alert message of this run in the bench's channel after the push: breaches run one at a time.
            found = bench_messages_since(since, "[%s][FIRING" % severity)
        latencies.append((received_at(found[0]) - start) * 1000)
        # The incident the alert opens is told in the alert's thread a moment later, in the same paced channel: the
        # next breach waits for that message too, so that it never queues behind this one's incident.
        incident_deadline = time.time() + 15
        told = []
        while not told and time.time() < incident_deadline:
            time.sleep(0.05)  # polls the fake for the incident's message
            told = bench_messages_since(since, "[%s] INC-" % severity)
        if not told:
            print("bench: no incident message for %s within 15 s" % instance, file=sys.stderr)
        last_message = max(received_at(r) for r in found + told)
    return latencies, pushes


def fan_out(made_rules, made_routes, made_channels):
    """FANOUT_ALERTS P3 alerts (no group wait) that fire together, each routed to FANOUT_CHANNELS webhook channels on
    the webhook fake: returns (deliveries, seconds from the first to the last receipt, push -> first receipt). An
    uncounted burst of FANOUT_WARMUP_ALERTS goes first, as the HTTP figures have their warm-up runs: nothing before it
    has sent to a webhook since the start, and the first thousand sends compile that path."""
    channels = []
    for i in range(FANOUT_CHANNELS):
        _, created = call("POST", NOTIFY + "/channels", "admin", {
            "name": "Bench %s webhook %d" % (RUN, i), "type": "WEBHOOK",
            "settings": {"url": "%s/bench-%s/%d" % (WEBHOOK_FAKE, RUN, i), "format": "connectops"}})
        channels.append(created["id"])
        made_channels.append(created["id"])
    _, route = call("POST", NOTIFY + "/routes", "admin", {
        "name": "Bench fan-out %s" % RUN, "position": 0, "eventTypes": ["connectops.alert.*"],
        "labels": {"bench": "fanout-" + RUN}, "channelIds": channels, "continue": True})
    made_routes.append(route["id"])
    rule_body = rule("bench %s fan-out" % RUN, "custom_bench_fanout", 90.0, "P3", {"bench": "fanout-" + RUN})
    rule_body["groupWait"] = "PT0S"
    _, made = call("POST", ALERTING + "/rules", "admin", rule_body)
    made_rules.append(made["id"])
    if FANOUT_WARMUP_ALERTS > 0:
        burst("warmup", FANOUT_WARMUP_ALERTS)
    return burst("measured", FANOUT_ALERTS)


def burst(name, alerts):
    """alerts fresh instances breach the fan-out rule at once; waits for every delivery at the webhook fake."""
    # The webhook fake serves the bench only (the demo's channels are Slack, Teams and ServiceNow): emptied first, so
    # that reading what it received stays small however often the bench has run.
    call("POST", WEBHOOK_FAKE + "/_fake/reset")
    prefix = "/bench-%s/" % RUN
    expected = FANOUT_CHANNELS * alerts
    start = time.time()
    call("POST", INGEST + "/metrics", "ingest", {"samples": [
        {"instanceId": "bench-fanout-%s-%s-%d" % (RUN, name, i), "queueId": "bench-fanout",
         "metric": "custom_bench_fanout", "value": 99.0, "unit": "COUNT", "timestamp": now_text()}
        for i in range(alerts)]})
    deadline = time.time() + 300
    ours = []
    while True:
        # What arrived since the last poll, without bodies: the machine's cores are the deliveries' to use.
        _, received = call("GET", WEBHOOK_FAKE + "/_fake/requests?bodies=false&prefix=%s&after=%d"
                           % (urllib.parse.quote(prefix), ours[-1]["sequence"] if ours else 0))
        ours.extend(received)
        if len(ours) >= expected:
            break
        if time.time() > deadline:
            raise SystemExit("bench: %d of %d fan-out deliveries (%s) within 300 s" % (len(ours), expected, name))
        time.sleep(1)  # polls the fake; the times come from its own receipts
    times = sorted(received_at(r) for r in ours)
    return len(ours), times[-1] - times[0], (times[0] - start) * 1000


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def main():
    made_rules, made_routes, made_channels = [], [], []
    pusher = None
    try:
        _, page = call("GET", NOTIFY + "/channels?size=200&type=SLACK", "admin")
        existing = [c for c in page["items"] if c["name"] == CHANNEL_NAME]
        if existing:
            channel = existing[0]["id"]
        else:
            _, created = call("POST", NOTIFY + "/channels", "admin", {
                "name": CHANNEL_NAME, "type": "SLACK",
                "settings": {"channel": "#bench-breach", "apiUrl": SLACK_FAKE + "/api"},
                "secrets": {"botToken": SLACK_TOKEN}})
            channel = created["id"]
            made_channels.append(channel)
        _, route = call("POST", NOTIFY + "/routes", "admin", {
            "name": "Bench breaches %s" % RUN, "position": 0, "eventTypes": ["connectops.alert.*"],
            "labels": {"bench": "breach-" + RUN}, "channelIds": [channel], "continue": True})
        made_routes.append(route["id"])

        labels = {"bench": "breach-" + RUN}
        for i in range(RULES - 2):
            metric = LOAD_METRICS[i % len(LOAD_METRICS)]
            _, made = call("POST", ALERTING + "/rules", "admin",
                           rule("bench %s load %d" % (RUN, i), metric, 1000.0 + i, "P4", {"bench": "load-" + RUN}))
            made_rules.append(made["id"])
        for severity in ("P1", "P2"):
            _, made = call("POST", ALERTING + "/rules", "admin",
                           rule("bench %s breach %s" % (RUN, severity), "custom_bench_breach_" + severity.lower(), 90.0,
                                severity, labels))
            made_rules.append(made["id"])

        batches = series_batches()
        started = time.time()
        for batch in batches:
            push(batch)
        print("bench: %d rules, %d series pushed in %.1f s" % (len(made_rules), sum(map(len, batches)),
                                                               time.time() - started), file=sys.stderr)
        pusher = Pusher(batches)
        pusher.start()
        pusher_started = time.time()

        # Uncounted breaches first, as the HTTP figures have their warm-up: the first alerts after a start compile
        # the path from evaluation to Slack (JIT) and meet each Kafka partition for the first time.
        measure("P1", "custom_bench_breach_p1", BREACH_WARMUP, 30, name="p1-warmup")
        results = {}
        for severity, count, timeout in (("P1", P1_BREACHES, 30), ("P2", P2_BREACHES, 90)):
            results[severity] = measure(severity, "custom_bench_breach_" + severity.lower(), count, timeout)
        pusher.stopped.set()
        pusher.join()
        rate = pusher.sent * 500 / (time.time() - pusher_started)
        deliveries, spread, first_ms = fan_out(made_rules, made_routes, made_channels)

        with open(os.path.join(OUT, "breach.json"), "w") as raw:
            json.dump({s: {"latencies_ms": r[0], "push_ms": r[1]} for s, r in results.items()}, raw)
        for severity, (latencies, pushes) in results.items():
            print("%s %d %.0f %.0f %.0f %.0f" % (severity, len(latencies), percentile(latencies, 50),
                                                 percentile(latencies, 95), max(latencies), percentile(pushes, 50)))
        print("series %d %.0f" % (sum(map(len, batches)), rate))
        print("fanout %d %.1f %.0f %.0f" % (deliveries, spread, deliveries / max(spread, 0.001), first_ms))
    finally:
        if pusher is not None:
            pusher.stopped.set()
        # Routes first: the alerts resolve when their rules go, and nothing is to be sent about that.
        for route_id in made_routes:
            call("DELETE", NOTIFY + "/routes/" + route_id, "admin")
        for rule_id in made_rules:
            call("DELETE", ALERTING + "/rules/" + rule_id, "admin")
        # The breaches' incidents would otherwise stay open and escalate for ever on the demo's channels.
        _, opened = call("GET", INCIDENTS + "/incidents?size=200&status=TRIAGE&status=MITIGATING&status=MONITORING&q="
                         + urllib.parse.quote("bench %s" % RUN), "incident-manager")
        for incident in opened["items"]:
            call("POST", INCIDENTS + "/incidents/%s/cancel" % incident["id"], "incident-manager",
                 {"reason": "Opened by bench/breach.py run %s" % RUN})
        for channel_id in made_channels:
            call("DELETE", NOTIFY + "/channels/" + channel_id, "admin")


if __name__ == "__main__":
    main()
