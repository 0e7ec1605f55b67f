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

    private final Connection connection;
    private UUID tenant;
    private String lastError;

    private DatabaseProbe(Connection connection) {
        this.connection = connection;
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
        Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        try (PreparedStatement check = c.prepareStatement("""
                select current_user, current_database(),
                       (select rolsuper or rolbypassrls from pg_roles where rolname = current_user),
                       to_regclass('decision') is not null and to_regclass('customer') is not null""");
             ResultSet rs = check.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(4)) {
                throw new IllegalStateException("database " + rs.getString(2) + " has no decision and customer"
                        + " tables: --jdbc-url must name the database Genkend uses");
            }
            if (!rs.getBoolean(3)) {
                throw new IllegalStateException("role " + rs.getString(1) + " is subject to row-level security and"
                        + " would see no decision: connect as a superuser (--jdbc-user postgres)");
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new DatabaseProbe(c);
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
        try (PreparedStatement query = connection.prepareStatement(tenant == null ? ANY_TENANT : ONE_TENANT)) {
            Array ids = connection.createArrayOf("text", userIds.toArray());
            int p = 1;
            if (tenant != null) {
                query.setObject(p++, tenant);
            }
            query.setArray(p, ids);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (tenant == null) {
                        tenant = rs.getObject(2, UUID.class);
                    }
                    Instant at = rs.getObject(3, OffsetDateTime.class).toInstant();
                    found.merge(rs.getString(1), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).equals(lastError)) {
                lastError = String.valueOf(e.getMessage());
                System.err.println("  (c) database probe: " + lastError);
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
