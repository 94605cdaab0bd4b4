package io.connectops.fakes;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A ServiceNow instance's Table API for {@code incident}, with basic authentication:
 * {@code POST /api/now/table/incident} (201, new {@code sys_id} and {@code number}, state 1),
 * {@code PATCH /api/now/table/incident/{sys_id}}, {@code GET /api/now/table/incident/{sys_id}} and
 * {@code GET /api/now/table/incident?sysparm_query=a=b^c=d&sysparm_limit=n}, and the journal of work notes as
 * {@code GET /api/now/table/sys_journal_field?sysparm_query=element_id=<sys_id>^element=work_notes^valueLIKE<text>}
 * (rows with {@code element_id}, {@code element}, {@code name}, {@code value}, {@code sys_created_on}). Query terms
 * are {@code field=value} and {@code fieldLIKEtext}. Like a real instance, a query term on a field that does not
 * exist is silently ignored, so clients must check what comes back. {@link #resolveThere} and {@link #commentThere}
 * play a person working on a record in ServiceNow and answer what the two-way sync's business rule posts.
 */
public class ServiceNowFake extends FakeHttpServer {

    private static final String TABLE = "/api/now/table/incident";
    private static final String JOURNAL = "/api/now/table/sys_journal_field";
    private static final Set<String> JOURNAL_FIELDS = Set.of("sys_id", "element_id", "element", "name", "value",
            "sys_created_on", "sys_created_by");
    private static final Set<String> FIELDS = Set.of("sys_id", "number", "state", "short_description", "description",
            "impact", "urgency", "priority", "correlation_id", "correlation_display", "caller_id", "assignment_group",
            "assigned_to", "category", "work_notes", "comments", "close_code", "close_notes", "active", "hold_reason",
            "sys_updated_by", "sys_updated_on", "sys_mod_count");

    private final String user;
    private final String password;
    private final Map<String, Map<String, Object>> incidents = new LinkedHashMap<>();
    private final Map<String, List<String>> workNotes = new LinkedHashMap<>();
    private final List<Map<String, Object>> journal = new ArrayList<>();
    private int nextNumber = 10001;

    public ServiceNowFake(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** The incident records, in creation order. */
    public synchronized List<Map<String, Object>> incidents() {
        return incidents.values().stream().map(record -> (Map<String, Object>) new LinkedHashMap<>(record)).toList();
    }

    /**
     * A person resolves the record in ServiceNow (state 6 with a close code and notes); answers the JSON the README's
     * business rule posts to Connect Ops for that change.
     */
    public synchronized Map<String, Object> resolveThere(String sysId, String user, String closeCode, String closeNotes) {
        Map<String, Object> record = incidents.get(sysId);
        record.put("state", "6");
        record.put("close_code", closeCode);
        record.put("close_notes", closeNotes);
        record.put("active", "false");
        Map<String, Object> callback = changed(record, user);
        callback.put("kind", "RESOLVED");
        callback.put("close_code", closeCode);
        callback.put("close_notes", closeNotes);
        return callback;
    }

    /** A person adds a comment ({@code comments}) or a work note ({@code work_notes}); answers the rule's JSON. */
    public synchronized Map<String, Object> commentThere(String sysId, String user, String field, String text) {
        Map<String, Object> record = incidents.get(sysId);
        Map<String, Object> callback = changed(record, user);
        callback.put("kind", "COMMENTED");
        callback.put(field, text);
        return callback;
    }

    /** What the business rule sends for any change: who, when, and the record's identity and state. */
    private Map<String, Object> changed(Map<String, Object> record, String user) {
        int modCount = Integer.parseInt(String.valueOf(record.getOrDefault("sys_mod_count", "0"))) + 1;
        record.put("sys_mod_count", Integer.toString(modCount));
        record.put("sys_updated_by", user);
        record.put("sys_updated_on", LocalDateTime.now(ZoneOffset.UTC).withNano(0).toString().replace('T', ' '));
        Map<String, Object> callback = new LinkedHashMap<>();
        for (String field : List.of("sys_id", "number", "correlation_id", "state", "sys_updated_by", "sys_updated_on",
                "sys_mod_count")) {
            callback.put(field, record.get(field));
        }
        return callback;
    }

    /** Every work note written to the record, oldest first. */
    public synchronized List<String> workNotes(String sysId) {
        return List.copyOf(workNotes.getOrDefault(sysId, List.of()));
    }

    @Override
    protected void resetState() {
        incidents.clear();
        workNotes.clear();
        journal.clear();
    }

    @Override
    protected Answer answer(Request request) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.header("Authorization"))) {
            return Answer.json(401, Map.of("error", Map.of("message", "User Not Authenticated",
                    "detail", "Required to provide Auth information"), "status", "failure"));
        }
        if (request.path().equals(JOURNAL)) {
            return "GET".equals(request.method()) ? select(journal, JOURNAL_FIELDS, request)
                    : Answer.text(405, "method not allowed");
        }
        if (!request.path().startsWith(TABLE)) {
            return notFound("No such table");
        }
        String sysId = request.path().length() > TABLE.length() + 1 ? request.path().substring(TABLE.length() + 1) : null;
        switch (request.method()) {
            case "POST":
                return sysId == null ? create(request) : Answer.text(405, "method not allowed");
            case "PATCH":
            case "PUT":
                return sysId == null ? Answer.text(405, "method not allowed") : update(sysId, request);
            case "GET":
                return sysId == null ? query(request) : read(sysId);
            default:
                return Answer.text(405, "method not allowed");
        }
    }

    private Answer create(Request request) {
        Map<String, Object> body = readObject(request.body());
        if (body == null) {
            return Answer.json(400, Map.of("error", Map.of("message", "Exception while reading request"),
                    "status", "failure"));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        String sysId = UUID.randomUUID().toString().replace("-", "");
        record.put("sys_id", sysId);
        record.put("number", "INC00" + nextNumber++);
        record.put("state", "1");
        record.put("active", "true");
        apply(sysId, record, body);
        incidents.put(sysId, record);
        return Answer.json(201, Map.of("result", record));
    }

    private Answer update(String sysId, Request request) {
        Map<String, Object> record = incidents.get(sysId);
        if (record == null) {
            return notFound("Record doesn't exist or ACL restricts the record retrieval");
        }
        Map<String, Object> body = readObject(request.body());
        if (body == null) {
            return Answer.json(400, Map.of("error", Map.of("message", "Exception while reading request"),
                    "status", "failure"));
        }
        String state = String.valueOf(body.getOrDefault("state", record.get("state")));
        if (("6".equals(state) || "7".equals(state))
                && (blank(body.getOrDefault("close_code", record.get("close_code")))
                        || blank(body.getOrDefault("close_notes", record.get("close_notes"))))) {
            return Answer.json(403, Map.of("error", Map.of("message", "Operation Failed",
                    "detail", "Data Policy Exception: Resolution code, Resolution notes are mandatory"),
                    "status", "failure"));
        }
        apply(sysId, record, body);
        return Answer.json(200, Map.of("result", record));
    }

    private void apply(String sysId, Map<String, Object> record, Map<String, Object> body) {
        body.forEach((field, value) -> {
            if ("work_notes".equals(field)) {
                workNotes.computeIfAbsent(sysId, id -> new ArrayList<>()).add(String.valueOf(value));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("sys_id", UUID.randomUUID().toString().replace("-", ""));
                entry.put("element_id", sysId);
                entry.put("element", "work_notes");
                entry.put("name", "incident");
                entry.put("value", String.valueOf(value));
                entry.put("sys_created_on", LocalDateTime.now(ZoneOffset.UTC).withNano(0).toString().replace('T', ' '));
                entry.put("sys_created_by", user);
                journal.add(entry);
            } else if (!"sys_id".equals(field) && !"number".equals(field)) {
                record.put(field, value == null ? "" : String.valueOf(value));
            }
        });
        String state = String.valueOf(record.get("state"));
        record.put("active", Boolean.toString(!Set.of("6", "7", "8").contains(state)));
        record.put("priority", priority(record.get("impact"), record.get("urgency")));
    }

    private static String priority(Object impact, Object urgency) {
        try {
            int sum = Integer.parseInt(String.valueOf(impact)) + Integer.parseInt(String.valueOf(urgency));
            return Integer.toString(Math.min(5, sum - 1));
        } catch (NumberFormatException e) {
            return "5";
        }
    }

    private Answer read(String sysId) {
        Map<String, Object> record = incidents.get(sysId);
        return record == null ? notFound("Record doesn't exist or ACL restricts the record retrieval")
                : Answer.json(200, Map.of("result", record));
    }

    private Answer query(Request request) {
        return select(incidents.values(), FIELDS, request);
    }

    private static Answer select(Iterable<Map<String, Object>> rows, Set<String> fields, Request request) {
        Map<String, String> parameters = request.queryParameters();
        String query = parameters.getOrDefault("sysparm_query", "");
        int limit = Integer.parseInt(parameters.getOrDefault("sysparm_limit", "10000"));
        List<Map<String, Object>> matches = new ArrayList<>();
        for (Map<String, Object> record : rows) {
            if (matches.size() >= limit) {
                break;
            }
            if (matches(record, query, fields)) {
                matches.add(record);
            }
        }
        return Answer.json(200, Map.of("result", matches));
    }

    private static boolean matches(Map<String, Object> record, String query, Set<String> fields) {
        if (query.isBlank()) {
            return true;
        }
        for (String term : query.split("\\^")) {
            int like = term.indexOf("LIKE");
            int equals = term.indexOf('=');
            boolean contains = like > 0 && (equals < 0 || like < equals);
            int split = contains ? like : equals;
            if (split < 0) {
                continue;
            }
            String field = term.substring(0, split);
            String value = term.substring(split + (contains ? 4 : 1));
            // A real instance ignores unknown fields unless glide.invalid_query.returns_no_rows is set.
            if (!fields.contains(field)) {
                continue;
            }
            String actual = String.valueOf(record.getOrDefault(field, ""));
            if (contains ? !actual.contains(value) : !value.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }

    private static Answer notFound(String message) {
        return Answer.json(404, Map.of("error", Map.of("message", message), "status", "failure"));
    }

    @Override
    protected Answer rateLimited(int retryAfterSeconds) {
        Answer json = Answer.json(429, Map.of("error", Map.of("message", "Rate limit exceeded"), "status", "failure"));
        return new Answer(429, json.contentType(), json.body(), Map.of("Retry-After", Integer.toString(retryAfterSeconds),
                "X-RateLimit-Rule", "fake"));
    }
}
