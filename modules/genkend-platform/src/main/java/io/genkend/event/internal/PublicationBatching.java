package io.genkend.event.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.modulith.events.core.TargetEventPublication;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes the event publications of a group commit (Spring Modulith's registry rows, one per listener of each
 * {@link io.genkend.event.EventAccepted}) with one JDBC batch just before the commit, instead of one
 * {@code INSERT} round trip each. Only inside {@link #deferring}, which the event writer wraps around its
 * transaction's work; everywhere else the registry behaves as shipped.
 *
 * <p>The rows are those Spring Modulith 1.4's {@code JdbcEventPublicationRepository.create} writes (its
 * {@code INSERT INTO EVENT_PUBLICATION (ID, EVENT_TYPE, LISTENER_ID, PUBLICATION_DATE, SERIALIZED_EVENT)}, the
 * event serialised by the same {@link EventSerializer}, so that completion, which matches on listener and
 * serialised event, finds them), in the same transaction, before it commits: an event answered {@code 202} has
 * its publications, exactly as without batching. {@code EventPublicationBatchingIT} checks the rows against the
 * shipped repository's.
 */
final class PublicationBatching implements BeanPostProcessor {

    private static final String INSERT = "INSERT INTO EVENT_PUBLICATION (ID, EVENT_TYPE, LISTENER_ID, PUBLICATION_DATE,"
            + " SERIALIZED_EVENT) VALUES (?, ?, ?, ?, ?)";
    private static final ThreadLocal<List<TargetEventPublication>> DEFERRED = new ThreadLocal<>();

    private final ObjectProvider<JdbcTemplate> jdbc;
    private final ObjectProvider<EventSerializer> serializer;

    PublicationBatching(ObjectProvider<JdbcTemplate> jdbc, ObjectProvider<EventSerializer> serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof EventPublicationRepository repository)) {
            return bean;
        }
        InvocationHandler handler = (proxy, method, arguments) -> {
            List<TargetEventPublication> deferred = DEFERRED.get();
            if (deferred != null && method.getName().equals("create") && arguments != null && arguments.length == 1
                    && arguments[0] instanceof TargetEventPublication publication) {
                deferred.add(publication);
                return publication;
            }
            try {
                return method.invoke(repository, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{EventPublicationRepository.class},
                handler);
    }

    /**
     * Runs {@code work} (inside a transaction) collecting the publications it makes, then inserts them with one
     * JDBC batch in that transaction.
     *
     * @return what {@code work} returned
     */
    <T> T deferring(Supplier<T> work) {
        List<TargetEventPublication> previous = DEFERRED.get();
        List<TargetEventPublication> deferred = new ArrayList<>();
        DEFERRED.set(deferred);
        try {
            T result = work.get();
            insert(deferred);
            return result;
        } finally {
            if (previous == null) {
                DEFERRED.remove();
            } else {
                DEFERRED.set(previous);
            }
        }
    }

    private void insert(List<TargetEventPublication> publications) {
        if (publications.isEmpty()) {
            return;
        }
        EventSerializer events = serializer.getObject();
        Map<Object, String> serialised = new IdentityHashMap<>();
        jdbc.getObject().batchUpdate(INSERT, publications, publications.size(), (statement, publication) -> {
            Object event = publication.getEvent();
            statement.setObject(1, publication.getIdentifier());
            statement.setString(2, event.getClass().getName());
            statement.setString(3, publication.getTargetIdentifier().getValue());
            statement.setTimestamp(4, Timestamp.from(publication.getPublicationDate()));
            statement.setString(5, serialised.computeIfAbsent(event, e -> events.serialize(e).toString()));
        });
    }
}
