package io.connectops.scheduling.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.security.CurrentActor;
import io.connectops.scheduling.common.TimeBounds;
import io.quarkus.panache.common.Sort;

/** History import and forecasts. History is kept per queue and interval length (15 or 30 minutes). */
@ApplicationScoped
public class ForecastService {

    public static final String METHOD = "DOUBLE_SEASONAL_HOLT_WINTERS";
    private static final int DAY = 86_400;
    private static final int MAX_HORIZON_DAYS = 126;
    private static final int AHT_WEEKS = 4;

    @Inject
    EntityManager entityManager;

    @Inject
    CurrentActor currentActor;

    public record HistoryInterval(Instant start, double contacts, Double ahtSeconds) {
    }

    public record ImportResult(String queueId, int intervalSeconds, int imported) {
    }

    @Transactional
    public ImportResult importHistory(String queueId, int intervalSeconds, List<HistoryInterval> intervals) {
        checkIntervalLength(intervalSeconds);
        for (int i = 0; i < intervals.size(); i++) {
            HistoryInterval interval = intervals.get(i);
            TimeBounds.check("intervals[" + i + "].start", interval.start());
            if (interval.start().getEpochSecond() % intervalSeconds != 0) {
                throw ProblemException.invalid("intervals[" + i + "].start",
                        "must be aligned on a " + intervalSeconds / 60 + "-minute boundary");
            }
        }
        upsert(queueId, intervalSeconds, intervals);
        return new ImportResult(queueId, intervalSeconds, intervals.size());
    }

    /** The JSON import's bounds (ForecastResource), for the CSV one. */
    static final int MAX_CSV_ROWS = 50_000;
    static final int MAX_QUEUE_ID = 200;
    static final double MAX_CONTACTS = 1e9;
    static final double MAX_AHT = 86_400;

    /** CSV with the header {@code queue_id,interval_start,contacts,aht_seconds}; one queue per file or many. */
    @Transactional
    public List<ImportResult> importCsv(String csv, int intervalSeconds) {
        checkIntervalLength(intervalSeconds);
        Map<String, List<HistoryInterval>> byQueue = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(csv == null ? "" : csv))) {
            String header = reader.readLine();
            if (header == null || !header.trim().toLowerCase(Locale.ROOT)
                    .replace(" ", "").startsWith("queue_id,interval_start,contacts")) {
                throw ProblemException.badRequest("CSV must start with the header queue_id,interval_start,contacts,aht_seconds");
            }
            String line;
            int lineNumber = 1;
            int rows = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (++rows > MAX_CSV_ROWS) {
                    throw ProblemException.invalid("line " + lineNumber,
                            "at most " + MAX_CSV_ROWS + " rows per import, as for JSON");
                }
                String[] cells = line.split(",", -1);
                if (cells.length < 3 || cells[0].isBlank()) {
                    throw ProblemException.invalid("line " + lineNumber, "needs queue_id, interval_start and contacts");
                }
                if (cells[0].trim().length() > MAX_QUEUE_ID) {
                    throw ProblemException.invalid("line " + lineNumber,
                            "queue_id must be at most " + MAX_QUEUE_ID + " characters");
                }
                try {
                    Instant start = Instant.parse(cells[1].trim());
                    double contacts = Double.parseDouble(cells[2].trim());
                    Double aht = cells.length > 3 && !cells[3].isBlank() ? Double.valueOf(cells[3].trim()) : null;
                    if (!(contacts >= 0 && contacts <= MAX_CONTACTS) || (aht != null && !(aht > 0 && aht <= MAX_AHT))) {
                        throw ProblemException.invalid("line " + lineNumber, "contacts must be within 0.." + MAX_CONTACTS
                                + " and aht_seconds within (0, " + MAX_AHT + "]");
                    }
                    TimeBounds.check("line " + lineNumber, start);
                    if (start.getEpochSecond() % intervalSeconds != 0) {
                        throw ProblemException.invalid("line " + lineNumber,
                                "interval_start must be aligned on a " + intervalSeconds / 60 + "-minute boundary");
                    }
                    byQueue.computeIfAbsent(cells[0].trim(), q -> new ArrayList<>())
                            .add(new HistoryInterval(start, contacts, aht));
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw ProblemException.invalid("line " + lineNumber,
                            "interval_start must be ISO-8601 UTC and contacts, aht_seconds numbers");
                }
            }
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable CSV");
        }
        if (byQueue.isEmpty()) {
            throw ProblemException.badRequest("CSV has no rows");
        }
        List<ImportResult> results = new ArrayList<>();
        byQueue.forEach((queue, rows) -> {
            upsert(queue, intervalSeconds, rows);
            results.add(new ImportResult(queue, intervalSeconds, rows.size()));
        });
        return results;
    }

    /**
     * Records an interval metric seen on ops.metrics.v1: {@code contacts} or {@code ahtSeconds} (one of them) of one
     * channel for the 15-minute interval that ends at {@code intervalEnd}, leaving the other as it is; the queue's
     * history for that interval becomes the total of its channels: contacts summed, handle time weighted by contacts
     * (a plain mean while no channel with a handle time has contacts yet).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordObserved(String queueId, String channel, Instant intervalEnd, Double contacts,
            Double ahtSeconds) {
        Instant start = quarterHourEndingAt(intervalEnd);
        String column = contacts != null ? "contacts" : "aht_seconds";
        entityManager.createNativeQuery("INSERT INTO observed_contacts (queue_id, channel, interval_start, contacts, "
                + "aht_seconds) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (queue_id, channel, interval_start) "
                + "DO UPDATE SET " + column + " = EXCLUDED." + column + ", updated_at = now()")
                .setParameter(1, queueId)
                .setParameter(2, channel == null ? "" : channel)
                .setParameter(3, start)
                .setParameter(4, contacts)
                .setParameter(5, ahtSeconds)
                .executeUpdate();
        entityManager.createNativeQuery("INSERT INTO contact_history (queue_id, interval_seconds, interval_start, "
                + "contacts, aht_seconds) SELECT queue_id, 900, interval_start, COALESCE(SUM(contacts), 0), "
                + "COALESCE(SUM(contacts * aht_seconds) "
                + "/ NULLIF(SUM(contacts) FILTER (WHERE aht_seconds IS NOT NULL), 0), "
                + "AVG(aht_seconds)) FROM observed_contacts WHERE queue_id = ?1 AND interval_start = ?2 "
                + "GROUP BY queue_id, interval_start ON CONFLICT (queue_id, interval_seconds, interval_start) "
                + "DO UPDATE SET contacts = EXCLUDED.contacts, aht_seconds = EXCLUDED.aht_seconds, updated_at = now()")
                .setParameter(1, queueId)
                .setParameter(2, start)
                .executeUpdate();
    }

    /**
     * The start of the 15-minute interval that an interval metric stamped {@code intervalEnd} is about: the one
     * ending then, or, for a stamp off the quarter hour, the one containing it.
     */
    public static Instant quarterHourEndingAt(Instant intervalEnd) {
        long end = intervalEnd.getEpochSecond() - Math.floorMod(intervalEnd.getEpochSecond(), 900);
        return Instant.ofEpochSecond(end == intervalEnd.getEpochSecond() ? end - 900 : end);
    }

    private void upsert(String queueId, int intervalSeconds, List<HistoryInterval> intervals) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO contact_history (queue_id, interval_seconds, interval_start, contacts, aht_seconds) "
                            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (queue_id, interval_seconds, interval_start) "
                            + "DO UPDATE SET contacts = EXCLUDED.contacts, aht_seconds = EXCLUDED.aht_seconds, "
                            + "updated_at = now()")) {
                for (HistoryInterval interval : intervals) {
                    insert.setString(1, queueId);
                    insert.setInt(2, intervalSeconds);
                    insert.setTimestamp(3, Timestamp.from(interval.start()));
                    insert.setDouble(4, interval.contacts());
                    insert.setObject(5, interval.ahtSeconds());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Transactional
    public List<HistoryInterval> history(String queueId, int intervalSeconds, Instant from, Instant to) {
        List<HistoryInterval> rows = new ArrayList<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT interval_start, contacts, aht_seconds FROM contact_history WHERE queue_id = ? "
                            + "AND interval_seconds = ? AND interval_start >= ? AND interval_start < ? "
                            + "ORDER BY interval_start")) {
                select.setString(1, queueId);
                select.setInt(2, intervalSeconds);
                select.setTimestamp(3, Timestamp.from(from));
                select.setTimestamp(4, Timestamp.from(to));
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        double aht = result.getDouble(3);
                        rows.add(new HistoryInterval(result.getTimestamp(1).toInstant(), result.getDouble(2),
                                result.wasNull() ? null : aht));
                    }
                }
            }
        });
        return rows;
    }

    /**
     * Forecasts the next {@code horizonDays} after the last full day of history. The last {@code holdoutDays} are
     * first held out to measure WAPE and bias, then the model is refitted on everything.
     */
    @Transactional
    public ForecastView create(String queueId, int intervalSeconds, int horizonDays, int holdoutDays) {
        checkIntervalLength(intervalSeconds);
        if (horizonDays < 1 || horizonDays > MAX_HORIZON_DAYS) {
            throw ProblemException.invalid("horizonDays", "must be within 1.." + MAX_HORIZON_DAYS);
        }
        if (holdoutDays < 0 || holdoutDays > 28) {
            throw ProblemException.invalid("holdoutDays", "must be within 0..28");
        }
        List<HistoryInterval> rows = history(queueId, intervalSeconds, Instant.EPOCH, Instant.now().plusSeconds(DAY * 400L));
        int periodsPerDay = DAY / intervalSeconds;
        DoubleSeasonalHoltWinters model = new DoubleSeasonalHoltWinters(periodsPerDay);
        if (rows.isEmpty()) {
            throw ProblemException.conflict("queue " + queueId + " has no " + intervalSeconds / 60
                    + "-minute history; import some first");
        }
        // The series runs over whole UTC days, from the first day with history to the last; gaps count as no contacts.
        long firstDay = Math.floorDiv(rows.get(0).start().getEpochSecond(), DAY) * DAY;
        long lastDayEnd = (Math.floorDiv(rows.get(rows.size() - 1).start().getEpochSecond(), DAY) + 1) * DAY;
        int periods = (int) ((lastDayEnd - firstDay) / intervalSeconds);
        double[] contacts = new double[periods];
        double[] ahtWeighted = new double[periods];
        double[] ahtContacts = new double[periods];
        for (HistoryInterval row : rows) {
            int index = (int) ((row.start().getEpochSecond() - firstDay) / intervalSeconds);
            contacts[index] = row.contacts();
            if (row.ahtSeconds() != null) {
                ahtWeighted[index] = row.ahtSeconds() * Math.max(row.contacts(), 1e-9);
                ahtContacts[index] = Math.max(row.contacts(), 1e-9);
            }
        }
        int holdout = holdoutDays * periodsPerDay;
        if (periods - holdout < model.minimumHistory()) {
            throw ProblemException.conflict("queue " + queueId + " has " + periods / periodsPerDay
                    + " days of history; the forecast needs 14 days plus the " + holdoutDays + " hold-out days");
        }
        Forecast forecast = new Forecast();
        if (holdout > 0) {
            double[] training = Arrays.copyOf(contacts, periods - holdout);
            DoubleSeasonalHoltWinters.Fit fit = model.fit(training);
            Accuracy accuracy = Accuracy.of(Arrays.copyOfRange(contacts, periods - holdout, periods),
                    model.forecast(training, fit.parameters(), holdout));
            forecast.wape = Double.isNaN(accuracy.wape()) ? null : accuracy.wape();
            forecast.bias = accuracy.bias();
        }
        DoubleSeasonalHoltWinters.Fit fit = model.fit(contacts);
        int horizon = horizonDays * periodsPerDay;
        forecast.id = UUID.randomUUID();
        forecast.queueId = queueId;
        forecast.intervalSeconds = intervalSeconds;
        forecast.startsAt = Instant.ofEpochSecond(lastDayEnd);
        forecast.method = METHOD;
        forecast.alpha = fit.parameters().alpha();
        forecast.delta = fit.parameters().delta();
        forecast.omega = fit.parameters().omega();
        forecast.phi = fit.parameters().phi();
        forecast.historyPeriods = periods;
        forecast.holdoutPeriods = holdout;
        forecast.contacts = model.forecast(contacts, fit.parameters(), horizon);
        forecast.ahtSeconds = ahtProfile(ahtWeighted, ahtContacts, periodsPerDay * 7, horizon, periods);
        forecast.createdBy = currentActor.get().id();
        forecast.createdAt = Instant.now();
        forecast.persist();
        return ForecastView.of(forecast, true);
    }

    /**
     * Handle time by weekly slot: the contact-weighted mean of the last four weeks at the same slot, falling back to
     * the overall weighted mean where a slot had no contacts.
     */
    private static double[] ahtProfile(double[] weighted, double[] contacts, int week, int horizon, int periods) {
        double totalWeighted = 0;
        double totalContacts = 0;
        double[] slotWeighted = new double[week];
        double[] slotContacts = new double[week];
        for (int t = Math.max(0, periods - AHT_WEEKS * week); t < periods; t++) {
            slotWeighted[t % week] += weighted[t];
            slotContacts[t % week] += contacts[t];
            totalWeighted += weighted[t];
            totalContacts += contacts[t];
        }
        double overall = totalContacts > 0 ? totalWeighted / totalContacts : 0.0;
        double[] aht = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            int slot = (periods + h) % week;
            aht[h] = slotContacts[slot] > 0.5 ? slotWeighted[slot] / slotContacts[slot] : overall;
        }
        return aht;
    }

    @Transactional
    public Forecast get(String id) {
        Forecast forecast = Forecast.findById(parseId(id));
        if (forecast == null) {
            throw ProblemException.notFound("forecast", id);
        }
        return forecast;
    }

    @Transactional
    public ForecastView view(String id) {
        return ForecastView.of(get(id), true);
    }

    @Transactional
    public Page<ForecastView> list(String queueId, int page, int size) {
        var query = queueId == null
                ? Forecast.<Forecast>findAll(Sort.by("createdAt").descending())
                : Forecast.<Forecast>find("queueId", Sort.by("createdAt").descending(), queueId);
        return new Page<>(query.page(page, size).list().stream().map(f -> ForecastView.of(f, false)).toList(), page,
                size, query.count());
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("forecast", id);
        }
    }

    private static void checkIntervalLength(int intervalSeconds) {
        if (intervalSeconds != 900 && intervalSeconds != 1800) {
            throw ProblemException.invalid("intervalSeconds", "must be 900 (15 min) or 1800 (30 min)");
        }
    }
}
