package io.connectops.incidents;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * PostgreSQL's JDBC driver, counting the statements that each probed HTTP request executes: a request that carries
 * {@link #PROBE} has every statement it executes (Hibernate's or plain JDBC, during the resource method or while its
 * answer is serialised) recorded under the header's value. Requests without the header, scheduled jobs and consumers
 * are not recorded, so the service's background work does not blur the count. Selected with
 * {@code quarkus.datasource.jdbc.driver} by a test profile.
 */
public class StatementCounter implements Driver {

    public static final String PROBE = "X-Statement-Probe";

    private static final Map<String, List<String>> EXECUTED = new ConcurrentHashMap<>();
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> PREPARATIONS = Set.of("prepareStatement", "prepareCall", "createStatement");

    private final Driver postgres = new org.postgresql.Driver();

    /** The SQL of each statement the request probed as {@code probe} executed, in order. */
    public static List<String> executedBy(String probe) {
        return List.copyOf(EXECUTED.getOrDefault(probe, List.of()));
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = postgres.connect(url, info);
        return connection == null ? null : proxy(Connection.class, connection, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, String sql) {
        InvocationHandler handler = (self, method, args) -> {
            if (type == Connection.class && PREPARATIONS.contains(method.getName())) {
                Object statement = invoke(method, target, args);
                String prepared = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                Class<?> statementType = method.getReturnType();
                return proxy((Class<Object>) statementType, statement, prepared);
            }
            if (type != Connection.class && EXECUTIONS.contains(method.getName())) {
                record(args != null && args.length > 0 && args[0] instanceof String text ? text : sql);
            }
            return invoke(method, target, args);
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void record(String sql) {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return;
        }
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null) {
            return;
        }
        String probe = request.serverRequest().getRequestHeader(PROBE);
        if (probe != null) {
            EXECUTED.computeIfAbsent(probe, key -> Collections.synchronizedList(new ArrayList<>()))
                    .add(sql);
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return postgres.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return postgres.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return postgres.getParentLogger();
    }
}
