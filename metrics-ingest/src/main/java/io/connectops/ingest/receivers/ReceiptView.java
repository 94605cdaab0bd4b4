package io.connectops.ingest.receivers;

/**
 * What a receiver did with a request.
 *
 * @param alerts the alerts it held
 * @param published how many were published as a change (the others were in the state last published)
 * @param truncatedAlerts the alerts the sender left out (Alertmanager's {@code max_alerts}), which cannot be received
 */
public record ReceiptView(int alerts, int published, int truncatedAlerts) {
}
