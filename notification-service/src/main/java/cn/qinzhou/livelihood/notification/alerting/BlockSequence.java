package cn.qinzhou.livelihood.notification.alerting;

import org.hibernate.annotations.IdGeneratorType;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.BeforeExecutionGenerator;
import org.hibernate.generator.EventType;
import org.hibernate.generator.EventTypeSets;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;

/**
 * Ids taken from a database sequence {@value Generator#BLOCK} at a time, in one round trip, so an entity's id is
 * known at persist without an insert of its own, and a consumer's run inserts its new alerts in one JDBC batch
 * at flush (an identity column inserts each at once). The sequence keeps its step of 1, so the set-based
 * statements that insert with the column's default draw from it too and never collide. Ids left in a block when
 * the service stops are skipped.
 */
@IdGeneratorType(BlockSequence.Generator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface BlockSequence {

    /** The sequence's name, e.g. {@code alert_id_seq} of a bigserial column. */
    String value();

    final class Generator implements BeforeExecutionGenerator {

        static final int BLOCK = 50;

        private final String sql;
        private final Deque<Long> free = new ArrayDeque<>();

        public Generator(BlockSequence config) {
            this.sql = "select nextval('" + config.value() + "') from generate_series(1, " + BLOCK + ")";
        }

        @Override
        public synchronized Object generate(SharedSessionContractImplementor session, Object owner, Object currentValue,
                                            EventType eventType) {
            if (free.isEmpty()) {
                JdbcCoordinator jdbc = session.getJdbcCoordinator();
                PreparedStatement statement = jdbc.getStatementPreparer().prepareStatement(sql);
                try {
                    ResultSet ids = jdbc.getResultSetReturn().extract(statement, sql);
                    while (ids.next()) {
                        free.add(ids.getLong(1));
                    }
                } catch (SQLException e) {
                    throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "taking ids from a sequence", sql);
                } finally {
                    jdbc.getLogicalConnection().getResourceRegistry().release(statement);
                    jdbc.afterStatementExecution();
                }
            }
            return free.poll();
        }

        @Override
        public EnumSet<EventType> getEventTypes() {
            return EventTypeSets.INSERT_ONLY;
        }
    }
}
