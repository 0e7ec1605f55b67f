package io.genkend.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code --probe database}: learns decisions from Genkend's own database instead of its HTTP API, so that the probe
 * costs the server's request threads nothing. One query per poll cycle ({@link #interval()}, 50 ms) for all
 * customers still waiting:
 *
 * <pre>
 * select c.user_id, c.tenant_id, min(d.decided_at)
 *   from customer c join decision d on d.tenant_id = c.tenant_id and d.customer_id = c.id
 *  where [c.tenant_id = ? and] c.user_id = any(?)
 *  group by c.user_id, c.tenant_id
 * </pre>
 *
 * The tables are the decision module's {@code decision} (migration {@code V41__decision_record.sql}: one row per
 * stored decision, {@code decided_at timestamptz}) and {@code customer} ({@code V20__customer_profile.sql}: the
 * external user id in {@code user_id}, unique per tenant). The tenant is not known from the command line: until
 * the first decision is seen the query looks in every tenant, afterwards only in that decision's tenant (so that
 * the unique index {@code (tenant_id, user_id)} applies). Both tables have forced row-level security, so the
 * connecting role must be a superuser or have {@code BYPASSRLS} (the {@code postgres} of "How to run" is); the
 * probe refuses any other role rather than see nothing.
 *
 * <p>{@link #openWaits} asks instead when a customer's journey instance began to wait for a message (the driver's
 * floor journey, {@code --phases floor}): the earliest {@code CREATED_} of a message subscription of that name in
 * Camunda's {@code ACT_RU_EVENT_SUBSCR}, of an instance whose business key is the customer's id (Genkend's
 * journeys are keyed by customer, migration {@code V2__camunda_engine.sql} for the tables). {@code CREATED_} is a
 * {@code timestamp} without time zone written in the engine's default zone; the driver runs on the same machine
 * (loopback only) and reads it in its own default zone.
 */
public final class DatabaseProbe implements DecisionProbe {

    private static final String ANY_TENANT = """
            select c.user_id, c.tenant_id, min(d.decided_at)
              from customer c join decision d on d.tenant_id = c.tenant_id and d.customer_id = c.id
             where c.user_id = any(?)
             group by c.user_id, c.tenant_id""";
    private static final String ONE_TENANT = """
            select c.user_id, c.tenant_id, min(d.decided_at)
              from customer c join decision d on d.tenant_id = c.tenant_id and d.customer_id = c.id
             where c.tenant_id = ? and c.user_id = any(?)
             group by c.user_id, c.tenant_id""";

    private static final String WAITS = """
            select c.user_id, c.tenant_id, min(s.created_)
              from customer c
              join act_ru_execution e on e.business_key_ = c.id::text and e.parent_id_ is null
              join act_ru_event_subscr s on s.proc_inst_id_ = e.id_ and s.event_type_ = 'message'
                                        and s.event_name_ = ?
             where %s c.user_id = any(?)
             group by c.user_id, c.tenant_id""";

    private final Connection connection;
    private final String anyTenant;
    private final String oneTenant;
    /** The message name of {@link #openWaits}, or {@code null} for decisions. */
    private final String message;
    private UUID tenant;
    private String lastError;

    private DatabaseProbe(Connection connection, String anyTenant, String oneTenant, String message) {
        this.connection = connection;
        this.anyTenant = anyTenant;
        this.oneTenant = oneTenant;
        this.message = message;
    }

    /**
     * Connects and checks that the database is Genkend's and that the role sees every tenant's rows.
     *
     * @param jdbcUrl  Genkend's database ({@code --jdbc-url})
     * @param user     a superuser or a role with {@code BYPASSRLS} ({@code --jdbc-user})
     * @param password its password
     * @throws SQLException          when the connection fails
     * @throws IllegalStateException when the database has no {@code decision} table, or the role is subject to
     *                               row-level security
     */
    public static DatabaseProbe open(String jdbcUrl, String user, String password) throws SQLException {
        return new DatabaseProbe(connect(jdbcUrl, user, password, "decision"), ANY_TENANT, ONE_TENANT, null);
    }

    /**
     * Like {@link #open}, but a customer counts as "decided" when an instance of theirs began to wait for
     * {@code message} (see the class comment); the time is when that wait began.
     *
     * @param message the message name waited for, e.g. {@code response:bench-floor}
     * @throws SQLException          when the connection fails
     * @throws IllegalStateException when the database has no Camunda or customer tables, or the role is subject to
     *                               row-level security
     */
    public static DatabaseProbe openWaits(String jdbcUrl, String user, String password, String message)
            throws SQLException {
        return new DatabaseProbe(connect(jdbcUrl, user, password, "act_ru_event_subscr"),
                WAITS.formatted(""), WAITS.formatted("c.tenant_id = ? and"), message);
    }

    private static Connection connect(String jdbcUrl, String user, String password, String table)
            throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        try (PreparedStatement check = c.prepareStatement("""
                select current_user, current_database(),
                       (select rolsuper or rolbypassrls from pg_roles where rolname = current_user),
                       to_regclass(?) is not null and to_regclass('customer') is not null""")) {
            check.setString(1, table);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(4)) {
                    throw new IllegalStateException("database " + rs.getString(2) + " has no " + table + " and customer"
                            + " tables: --jdbc-url must name the database Genkend uses");
                }
                if (!rs.getBoolean(3)) {
                    throw new IllegalStateException("role " + rs.getString(1) + " is subject to row-level security and"
                            + " would see no decision: connect as a superuser (--jdbc-user postgres)");
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A failing query is reported on stderr (each distinct message once) and answers no decision for this
     * cycle.
     */
    @Override
    public synchronized Map<String, Instant> decided(Collection<String> userIds) {
        Map<String, Instant> found = new HashMap<>();
        if (userIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement query = connection.prepareStatement(tenant == null ? anyTenant : oneTenant)) {
            Array ids = connection.createArrayOf("text", userIds.toArray());
            int p = 1;
            if (message != null) {
                query.setString(p++, message);
            }
            if (tenant != null) {
                query.setObject(p++, tenant);
            }
            query.setArray(p, ids);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (tenant == null) {
                        tenant = rs.getObject(2, UUID.class);
                    }
                    Instant at = message == null ? rs.getObject(3, OffsetDateTime.class).toInstant()
                            : rs.getTimestamp(3).toInstant();
                    found.merge(rs.getString(1), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).equals(lastError)) {
                lastError = String.valueOf(e.getMessage());
                System.err.println("  database probe: " + lastError);
            }
        }
        return found;
    }

    /** @return 50 ms: one query per cycle, whatever the number of waiting customers */
    @Override
    public Duration interval() {
        return Duration.ofMillis(50);
    }

    /** Closes the connection. */
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
