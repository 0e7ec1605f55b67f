package io.genkend.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Figure (a) against a real (embedded) PostgreSQL 15. */
class CommitLimitTest {

    @Test
    void countsCommittedSingleRowInsertsPerThreadCountAndCleansUp() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            BenchOptions options = BenchOptions.parse(new String[]{"--phases", "commit", "--jdbc-url",
                    url.substring(0, url.indexOf('?')), "--commit-threads", "1,2", "--step-seconds", "1"}, Map.of());

            CommitLimit.Result result = new CommitLimit(options).measure();

            assertThat(result.steps()).extracting(CommitLimit.Step::threads).containsExactly(1, 2);
            assertThat(result.steps()).allSatisfy(s -> assertThat(s.commits()).isPositive());
            assertThat(result.best().perSecond()).isEqualTo(
                    result.steps().stream().mapToDouble(CommitLimit.Step::perSecond).max().orElseThrow());
            assertThat(result.server()).startsWith("PostgreSQL 15");
            assertThat(result.settings()).contains("synchronous_commit=");
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select to_regclass('genkend_bench_commit')")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
        }
    }
}
