#!/usr/bin/env python3
"""Writes the Grafana dashboards in deploy/grafana/dashboards/.

Edit the panels here, not the JSON: python3 deploy/grafana/generate-dashboards.py
Every query must name a metric listed in deploy-checks/src/test/resources/exported-metrics.txt (the build checks it).
"""
import json
import os
DS = {"type": "prometheus", "uid": "connectops-prometheus"}
SEL = 'job="connectops", service=~"$service"'
RI = "[$__rate_interval]"

def variable(name, label, query):
    return {"name": name, "label": label, "type": "query", "datasource": DS,
            "query": {"query": query, "refId": name}, "definition": query,
            "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2, "sort": 1,
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]}}


class Dash:
    def __init__(self, uid, title, description, tags):
        self.uid, self.title, self.description, self.tags = uid, title, description, tags
        self.panels = []; self.next_id = 1; self.y = 0; self.x = 0; self.row_h = 0
        self.variables = [("service", "Service", 'label_values(up{job="connectops"}, service)')]
    def _pos(self, w, h):
        if self.x + w > 24:
            self.x = 0; self.y += self.row_h; self.row_h = 0
        pos = {"x": self.x, "y": self.y, "w": w, "h": h}
        self.x += w; self.row_h = max(self.row_h, h)
        return pos
    def row(self, title):
        if self.x:
            self.x = 0; self.y += self.row_h; self.row_h = 0
        self.panels.append({"id": self.next_id, "type": "row", "title": title, "collapsed": False,
                            "gridPos": {"x": 0, "y": self.y, "w": 24, "h": 1}, "panels": []})
        self.next_id += 1; self.y += 1
    def panel(self, kind, title, description, targets, unit="short", w=12, h=8, **opts):
        p = {"id": self.next_id, "type": kind, "title": title, "description": description, "datasource": DS,
             "gridPos": self._pos(w, h),
             "targets": [{"refId": chr(65 + i), "datasource": DS, "expr": e, "legendFormat": l, "range": True}
                         for i, (e, l) in enumerate(targets)],
             "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
             "options": {}}
        if kind == "timeseries":
            p["fieldConfig"]["defaults"]["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                                                     "showPoints": "never", "spanNulls": True}
            p["options"] = {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
                            "tooltip": {"mode": "multi", "sort": "desc"}}
        if kind == "stat":
            p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                            "colorMode": "value", "graphMode": "area", "textMode": "auto"}
        if "thresholds" in opts:
            p["fieldConfig"]["defaults"]["thresholds"] = {"mode": "absolute", "steps": opts["thresholds"]}
            p["fieldConfig"]["defaults"]["color"] = {"mode": "thresholds"}
        if "min" in opts:
            p["fieldConfig"]["defaults"]["min"] = opts["min"]
        if "max" in opts:
            p["fieldConfig"]["defaults"]["max"] = opts["max"]
        self.panels.append(p); self.next_id += 1
    def write(self, path):
        d = {"uid": self.uid, "title": self.title, "description": self.description, "tags": self.tags,
             "editable": False, "graphTooltip": 1, "refresh": "30s", "schemaVersion": 39, "version": 1,
             "time": {"from": "now-6h", "to": "now"}, "timezone": "utc",
             "templating": {"list": [variable(name, label, query) for name, label, query in self.variables]},
             "annotations": {"list": []}, "links": [
                 {"title": "Connect Ops", "type": "dashboards", "tags": ["connectops"], "asDropdown": True}],
             "panels": self.panels}
        with open(path, "w") as f:
            json.dump(d, f, indent=2); f.write("\n")

GREEN_RED = [{"color": "red", "value": None}, {"color": "green", "value": 1}]
OK_BAD = [{"color": "green", "value": None}, {"color": "red", "value": 1}]

def platform(out):
    d = Dash("connectops-platform", "Connect Ops / Platform",
             "The five services: availability, HTTP traffic and errors, Kafka consumer lag, the transactional outbox, JVM.",
             ["connectops", "platform"])
    d.row("Services")
    d.panel("stat", "Services up", "1 when Prometheus could scrape the service's /q/metrics at the last attempt.",
            [(f'up{{{SEL}}}', "{{service}}")], w=12, h=5, thresholds=GREEN_RED)
    d.panel("stat", "Outbox events waiting", "Events committed but not yet acknowledged by Kafka; it should fall back to 0 within seconds.",
            [(f'sum by (service) (connectops_outbox_pending{{{SEL}}})', "{{service}}")], w=12, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 100}, {"color": "red", "value": 1000}])
    d.row("HTTP APIs")
    api = f'{SEL}, uri!~"/q/.*"'
    d.panel("timeseries", "Requests per second", "API requests (health, metrics and OpenAPI excluded), by service.",
            [(f'sum by (service) (rate(http_server_requests_seconds_count{{{api}}}{RI}))', "{{service}}")], unit="reqps")
    d.panel("timeseries", "Server errors per second (5xx)", "Responses with status 5xx: bugs or unavailable dependencies.",
            [(f'sum by (service, uri) (rate(http_server_requests_seconds_count{{{api}, status=~"5.."}}{RI}))', "{{service}} {{uri}}")],
            unit="reqps")
    d.panel("timeseries", "Client errors per second (4xx)", "Refused requests: invalid input, missing or wrong role (401/403), unknown ids, illegal transitions (409).",
            [(f'sum by (service, status) (rate(http_server_requests_seconds_count{{{api}, status=~"4.."}}{RI}))', "{{service}} {{status}}")],
            unit="reqps")
    d.panel("timeseries", "Mean response time", "Mean duration of API requests, by service.",
            [(f'sum by (service) (rate(http_server_requests_seconds_sum{{{api}}}{RI})) / sum by (service) (rate(http_server_requests_seconds_count{{{api}}}{RI}))', "{{service}}")],
            unit="s")
    d.panel("timeseries", "Slowest request", "Longest request in the last window, by service and endpoint.",
            [(f'max by (service, uri) (http_server_requests_seconds_max{{{api}}})', "{{service}} {{uri}}")], unit="s", w=24)
    d.row("Kafka")
    d.panel("timeseries", "Consumer lag (records, worst partition)", "Records behind the end of each topic, worst partition, by consuming service. Growing lag means a consumer cannot keep up.",
            [(f'max by (service, topic) (kafka_consumer_fetch_manager_records_lag_max{{{SEL}}})', "{{service}} {{topic}}"),
             (f'sum by (service) (alerting_consumer_lag{{{SEL}}})', "{{service}} evaluator ops.metrics.v1 (all partitions)")])
    d.panel("timeseries", "Records consumed per second", "Records fetched by the service's consumers.",
            [(f'sum by (service) (rate(kafka_consumer_fetch_manager_records_consumed_total{{{SEL}}}{RI}))', "{{service}}")], unit="rps")
    d.panel("timeseries", "Records produced per second", "Records sent by the service's producers (outbox relay and dead-letter queues).",
            [(f'sum by (service) (rate(kafka_producer_record_send_total{{{SEL}}}{RI}))', "{{service}}")], unit="rps")
    d.panel("timeseries", "Producer errors per second", "Records the producer could not send after its retries.",
            [(f'sum by (service) (rate(kafka_producer_record_error_total{{{SEL}}}{RI}))', "{{service}}")], unit="rps")
    d.panel("timeseries", "Records sent to dead-letter topics (last hour)", "Records a consumer could not parse or apply, sent to <topic>.dlq with the reason in a header. Any value here deserves a look.",
            [(f'sum by (service, topic) (increase(kafka_producer_topic_record_send_total{{{SEL}, topic=~".*\\\\.dlq"}}[1h]))', "{{service}} {{topic}}")], w=24)
    d.row("Transactional outbox")
    d.panel("timeseries", "Events published per second", "Domain events the outbox relay handed to Kafka.",
            [(f'sum by (service) (rate(connectops_outbox_published_total{{{SEL}}}{RI}))', "{{service}}")], unit="ops")
    d.panel("timeseries", "Relay failures per second", "Relay rounds that failed and will be retried: nothing is lost, but events wait.",
            [(f'sum by (service) (rate(connectops_outbox_failures_total{{{SEL}}}{RI}))', "{{service}}")], unit="ops")
    d.panel("timeseries", "Events waiting in the outbox", "Committed events not yet sent.",
            [(f'sum by (service) (connectops_outbox_pending{{{SEL}}})', "{{service}}")], w=24)
    d.row("JVM")
    d.panel("timeseries", "Heap used", "Heap in use against the -Xmx limit set by JAVA_OPTS_APPEND.",
            [(f'sum by (service) (jvm_memory_used_bytes{{{SEL}, area="heap"}})', "{{service}} used"),
             (f'sum by (service) (jvm_memory_max_bytes{{{SEL}, area="heap"}})', "{{service}} max")], unit="bytes")
    d.panel("timeseries", "CPU", "Share of the CPUs available to the JVM used by the process.",
            [(f'process_cpu_usage{{{SEL}}}', "{{service}}")], unit="percentunit", min=0)
    d.panel("timeseries", "GC pause time per second", "Time the JVM spent in garbage-collection pauses.",
            [(f'sum by (service) (rate(jvm_gc_pause_seconds_sum{{{SEL}}}{RI}))', "{{service}}")], unit="s")
    d.panel("timeseries", "Live threads", "Threads of the JVM.",
            [(f'jvm_threads_live_threads{{{SEL}}}', "{{service}}")])
    d.write(out + "/connectops-platform.json")



def lag(d, service, title, description):
    d.panel("timeseries", title, description,
            [(f'max by (topic) (kafka_consumer_fetch_manager_records_lag_max{{job="connectops", service="{service}"}})', "{{topic}}")])


def contact_center(out):
    d = Dash("connectops-contact-center", "Connect Ops / Contact center live",
             "What metrics-ingest brings in from Amazon Connect and pushing systems, as it flows to alerting and scheduling.",
             ["connectops", "contact-center"])
    d.variables += [("instance_id", "Connect instance", 'label_values(connect_queue_metric{job="connectops"}, instance_id)'),
                    ("queue_id", "Queue", 'label_values(connect_queue_metric{job="connectops", instance_id=~"$instance_id"}, queue_id)')]
    d.row("Queues now")
    q = 'job="connectops", service="metrics-ingest", instance_id=~"$instance_id", queue_id=~"$queue_id"'
    def queue_metric(metric, agg="max"):
        return f'{agg} by (instance_id, queue_id) (connect_queue_metric{{{q}, metric="{metric}"}})'
    d.panel("timeseries", "Service level", "Share of contacts answered within the source's threshold, per closed 15-minute interval (GetMetricDataV2). The default rule warns below 80% for 15 minutes.",
            [(queue_metric("service_level"), "{{queue_id}}")], unit="percent", min=0, max=100,
            thresholds=[{"color": "red", "value": None}, {"color": "orange", "value": 70}, {"color": "green", "value": 80}])
    d.panel("timeseries", "Abandonment rate", "Share of queued contacts that hung up, per closed 15-minute interval. The default rule fires P2 above 5%.",
            [(queue_metric("abandonment_rate"), "{{queue_id}}")], unit="percent", min=0,
            thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 5}])
    d.panel("timeseries", "Contacts in queue", "Contacts waiting now (GetCurrentMetricData).",
            [(queue_metric("contacts_in_queue"), "{{queue_id}}")])
    d.panel("timeseries", "Oldest contact waiting", "How long the longest-waiting contact has waited.",
            [(queue_metric("oldest_contact_age"), "{{queue_id}}")], unit="s")
    d.panel("timeseries", "Agents available vs required", "Agents available now (Connect) against the agents the published staffing requirement asks for in the current interval (scheduling, Erlang C).",
            [(queue_metric("agents_available", "sum"), "{{queue_id}} available"),
             ('max by (queue_id) (scheduling_agents_required{job="connectops", queue_id=~"$queue_id"})', "{{queue_id}} required")])
    d.panel("timeseries", "Agents scheduled vs required", "Agents the published schedule puts on each queue in the current interval, against the requirement.",
            [('max by (queue_id) (scheduling_agents_scheduled{job="connectops", queue_id=~"$queue_id"})', "{{queue_id}} scheduled"),
             ('max by (queue_id) (scheduling_agents_required{job="connectops", queue_id=~"$queue_id"})', "{{queue_id}} required")])
    d.panel("timeseries", "Average handle and answer time", "Per closed interval: average handle time (talk, hold, after-contact work) and average time answered contacts waited.",
            [(queue_metric("avg_handle_time"), "{{queue_id}} handle"),
             (queue_metric("avg_queue_answer_time"), "{{queue_id}} answer")], unit="s")
    d.panel("timeseries", "Schedule adherence", "Share of scheduled time agents spent in the planned state.",
            [('max by (team) (scheduling_adherence{job="connectops"})', "{{team}}")], unit="percent", min=0, max=100)
    d.row("Intake")
    d.panel("timeseries", "Samples and agent events published per second", "Normalised metric samples (ops.metrics.v1) and agent state changes (ops.agent-events.v1) sent by metrics-ingest.",
            [('sum by (topic) (rate(kafka_producer_topic_record_send_total{job="connectops", service="metrics-ingest", topic=~"ops\\\\..*\\\\.v1"}' + RI + '))', "{{topic}}")], unit="rps")
    d.panel("timeseries", "Pushed metrics per second", "Batches accepted on the push API by machine clients (role ingest), by response status.",
            [('sum by (status) (rate(http_server_requests_seconds_count{job="connectops", service="metrics-ingest", method="POST", uri="/api/v1/metrics"}' + RI + '))', "{{status}}")], unit="reqps")
    d.row("Consumers of the metric stream")
    d.panel("timeseries", "Metric stream lag", "Samples not yet read from ops.metrics.v1: how far behind real time the alert rules and the adherence checks are. Alerting's evaluator uses its own consumer and reports its lag itself.",
            [('max by (service) (kafka_consumer_fetch_manager_records_lag_max{job="connectops", topic="ops.metrics.v1"})', "{{service}}"),
             ('sum(alerting_consumer_lag{job="connectops"})', "alerting evaluator (all its partitions)")])
    d.panel("timeseries", "Agent event lag", "Agent state changes not yet read by scheduling (adherence).",
            [('max by (service) (kafka_consumer_fetch_manager_records_lag_max{job="connectops", topic="ops.agent-events.v1"})', "{{service}}")])
    d.panel("timeseries", "Samples published per second by origin", "Samples from Connect's real-time and interval reports, CloudWatch alarms (SNS) and pushing systems.",
            [('sum by (origin) (rate(ingest_samples_published_total{job="connectops"}' + RI + '))', "{{origin}}")], unit="rps")
    d.panel("timeseries", "Connect polls failing or throttled per minute", "Polls that failed after their retries, and Connect calls answered 429 (TooManyRequests) and retried, by operation. A failing source shows DEGRADED in GET /api/v1/sources.",
            [('60 * sum by (operation) (rate(ingest_poll_failures_total{job="connectops"}' + RI + '))', "{{operation}} failed"),
             ('60 * sum by (operation) (rate(ingest_poll_throttled_total{job="connectops"}' + RI + '))', "{{operation}} throttled")])
    d.write(out + "/connectops-contact-center.json")


def alerts_incidents(out):
    d = Dash("connectops-alerts-incidents", "Connect Ops / Alerts and incidents",
             "Alert rules at work, and incidents from detection to closure.",
             ["connectops", "alerting", "incidents"])
    d.row("Alerts")
    d.panel("stat", "Alerts firing", "Alerts in FIRING state now, by severity.",
            [('max by (severity) (alerting_alerts_firing{job="connectops"})', "{{severity}}")], w=8, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}])
    d.panel("stat", "Open incidents", "Incidents not yet resolved, closed or cancelled, by severity.",
            [('max by (severity) (incidents_open{job="connectops"})', "{{severity}}")], w=8, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}])
    d.panel("stat", "Escalations (24 h)", "SLA breaches escalated in the last day, by level (1: engineering, 2: vendor support).",
            [('sum by (level) (increase(incidents_escalations_total{job="connectops"}[1d]))', "level {{level}}")], w=8, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}])
    d.panel("timeseries", "Alert transitions published per second", "Firing and resolved transitions alerting published to ops.alerts.v1.",
            [('sum(rate(alerting_alerts_published_total{job="connectops"}' + RI + '))', "published"),
             ('sum(rate(alerting_alerts_suppressed_total{job="connectops"}' + RI + '))', "suppressed (silence or maintenance)")], unit="ops")
    d.panel("timeseries", "Samples evaluated per second", "Metric samples alerting evaluated against its rules; late or redelivered samples are skipped, unreadable ones dead-lettered.",
            [('sum(rate(alerting_samples_evaluated{job="connectops"}' + RI + '))', "evaluated"),
             ('sum(rate(alerting_samples_late{job="connectops"}' + RI + '))', "late or redelivered"),
             ('sum(rate(alerting_samples_dead_lettered{job="connectops"}' + RI + '))', "dead-lettered")], unit="ops")
    d.panel("timeseries", "Alerting lag", "Records behind the end of ops.metrics.v1, summed over alerting's partitions: alerts fire this much later than the samples.",
            [('sum(alerting_consumer_lag{job="connectops"})', "records")])
    d.panel("timeseries", "Rule state transitions per second", "State changes of alert series (pending, firing, resolved).",
            [('sum(rate(alerting_transitions{job="connectops"}' + RI + '))', "transitions")], unit="ops")
    d.row("Incidents")
    def mean_time(meter, window="7d"):
        return (f'sum by (severity) (increase({meter}_seconds_sum{{job="connectops"}}[{window}])) / '
                f'sum by (severity) (increase({meter}_seconds_count{{job="connectops"}}[{window}]))')
    d.panel("timeseries", "MTTA (7 days)", "Mean time from opening to assessment (acknowledged by a commander), over the last 7 days, by severity.",
            [(mean_time("incidents_time_to_acknowledge"), "{{severity}}")], unit="s", w=8)
    d.panel("timeseries", "MTTM (7 days)", "Mean time from opening to mitigation (impact stopped), over the last 7 days, by severity.",
            [(mean_time("incidents_time_to_mitigate"), "{{severity}}")], unit="s", w=8)
    d.panel("timeseries", "MTTR (7 days)", "Mean time from opening to resolution, over the last 7 days, by severity.",
            [(mean_time("incidents_time_to_resolve"), "{{severity}}")], unit="s", w=8)
    d.panel("timeseries", "Incidents opened per hour", "New incidents, by severity and origin (alert or by hand).",
            [('sum by (severity, origin) (increase(incidents_opened_total{job="connectops"}[1h]))', "{{severity}} {{origin}}")])
    d.panel("timeseries", "Incident actions per minute", "Actions taken through the incidents API (assess, mitigate, resolve, start-review, close, reopen, mitigation actions), by endpoint.",
            [('60 * sum by (uri) (rate(http_server_requests_seconds_count{job="connectops", service="incidents", method="POST", status=~"2.."}' + RI + '))', "{{uri}}")])
    d.panel("timeseries", "Refused incident actions per minute", "409: the action is not allowed in the incident's state; 403: the caller lacks the role.",
            [('60 * sum by (uri, status) (rate(http_server_requests_seconds_count{job="connectops", service="incidents", method="POST", status=~"403|409"}' + RI + '))', "{{status}} {{uri}}")])
    d.panel("timeseries", "Incident events published per second", "Lifecycle changes incidents published to ops.incidents.v1 (through its outbox).",
            [('sum(rate(connectops_outbox_published_total{job="connectops", service="incidents"}' + RI + '))', "events")], unit="ops")
    lag(d, "incidents", "Incidents lag", "Alerts and delivery results not yet read by incidents, by topic.")
    d.write(out + "/connectops-alerts-incidents.json")


def notifications(out):
    d = Dash("connectops-notifications", "Connect Ops / Notifications",
             "Slack, Teams, ServiceNow, e-mail and webhook deliveries.",
             ["connectops", "notifications"])
    d.row("Deliveries")
    d.panel("timeseries", "Deliveries per minute by channel", "Messages delivered, retried (429, 5xx, timeouts) and dead-lettered (retry budget exhausted), by channel type.",
            [('60 * sum by (channel_type, outcome) (rate(notifications_deliveries_total{job="connectops"}' + RI + '))', "{{channel_type}} {{outcome}}")])
    d.panel("timeseries", "Time from event to delivery", "Mean time from the event (alert, incident change) to its delivery, by channel type.",
            [('sum by (channel_type) (rate(notifications_delivery_latency_seconds_sum{job="connectops"}' + RI + ')) / sum by (channel_type) (rate(notifications_delivery_latency_seconds_count{job="connectops"}' + RI + '))', "{{channel_type}}")], unit="s")
    d.panel("stat", "Dead-lettered deliveries (24 h)", "Deliveries that exhausted their retries in the last day; retry them with POST /api/v1/deliveries/{id}/retry.",
            [('sum by (channel_type) (increase(notifications_deliveries_total{job="connectops", outcome="dead_lettered"}[1d]))', "{{channel_type}}")], w=12, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}])
    d.panel("stat", "Deliveries waiting", "Deliveries stored and not yet sent (waiting for their turn, a retry or a paced channel).",
            [('max(notifications_pending{job="connectops"})', "waiting")], w=12, h=5,
            thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 50}, {"color": "red", "value": 500}])
    d.panel("timeseries", "Delivery results published per second", "Delivery outcomes notifications published to ops.deliveries.v1.",
            [('sum(rate(connectops_outbox_published_total{job="connectops", service="notifications"}' + RI + '))', "results")], unit="ops")
    lag(d, "notifications", "Notifications lag", "Alerts, incidents, schedules and maintenance windows not yet read by notifications, by topic.")
    d.panel("timeseries", "Dead letters per hour", "Events notifications could not parse or apply, sent to <topic>.dlq.",
            [('sum by (topic) (increase(kafka_producer_topic_record_send_total{job="connectops", service="notifications", topic=~".*\\\\.dlq"}[1h]))', "{{topic}}")])
    d.panel("timeseries", "ServiceNow callbacks per minute", "Requests ServiceNow sends back (two-way updates), by status.",
            [('60 * sum by (uri, status) (rate(http_server_requests_seconds_count{job="connectops", service="notifications", uri=~"/api/v1/servicenow.*"}' + RI + '))', "{{status}} {{uri}}")])
    d.write(out + "/connectops-notifications.json")


def write_all(out):
    platform(out)
    contact_center(out)
    alerts_incidents(out)
    notifications(out)


if __name__ == "__main__":
    write_all(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards"))
