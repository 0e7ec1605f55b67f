package io.genkend.tenancy.internal;

import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.ConnectionProvider;
import org.jooq.exception.DataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * jOOQ's connections, handed the current tenant for PostgreSQL's row-level security: the one place where the
 * tenant reaches the database. Inside a Spring transaction the tenant is set once per transaction and connection
 * with {@code set_config('app.tenant_id', ?, true)} (transaction-local, so it cannot leak to the pool's next
 * borrower); outside one, every acquisition sets it session-wide, to the empty string when there is no tenant,
 * which the policies read as "no rows" (STACK.md: {@code SET LOCAL} takes no bind parameter).
 */
public final class TenantConnectionProvider implements ConnectionProvider {

    private static final String SET_TENANT = "select set_config('app.tenant_id', ?, ?)";

    private final DataSource dataSource;

    /**
     * @param dataSource the application's pool (connects as the non-owner role {@code genkend_app})
     */
    public TenantConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection acquire() throws DataAccessException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        String tenant = TenantContext.current().map(Tenant::id).map(Object::toString).orElse("");
        try {
            if (TransactionSynchronizationManager.isSynchronizationActive()
                    && TransactionSynchronizationManager.isActualTransactionActive()) {
                TenantMark mark = (TenantMark) TransactionSynchronizationManager.getResource(connection);
                if (mark == null) {
                    mark = new TenantMark();
                    TransactionSynchronizationManager.bindResource(connection, mark);
                    TransactionSynchronizationManager.registerSynchronization(new Unbind(connection));
                }
                if (!tenant.equals(mark.tenant)) {
                    setTenant(connection, tenant, true);
                    mark.tenant = tenant;
                }
            } else {
                setTenant(connection, tenant, false);
            }
            return connection;
        } catch (SQLException e) {
            DataSourceUtils.releaseConnection(connection, dataSource);
            throw new DataAccessException("Could not set the tenant on the connection", e);
        }
    }

    @Override
    public void release(Connection connection) throws DataAccessException {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }

    private static void setTenant(Connection connection, String tenant, boolean local) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET_TENANT)) {
            statement.setString(1, tenant);
            statement.setBoolean(2, local);
            statement.execute();
        }
    }

    private static final class TenantMark {
        private String tenant;
    }

    private record Unbind(Connection connection) implements TransactionSynchronization {
        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(connection);
        }
    }
}
