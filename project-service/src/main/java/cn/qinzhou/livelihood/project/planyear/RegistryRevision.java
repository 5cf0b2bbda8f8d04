package cn.qinzhou.livelihood.project.planyear;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The registry's revision (migration V5): moves on at the commit of every change to the plan years, programmes,
 * source figures, lead units or the projects' funding. Reads that depend on nothing else keep what they computed
 * under the revision they read first and answer from it while the revision stands, so a polled dashboard costs one
 * one-row query. Every instance of the service checks the database's revision, none relies on being told of changes.
 */
@ApplicationScoped
public class RegistryRevision {

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transaction;
    private final Map<Object, Computed> computed = new ConcurrentHashMap<>();

    public RegistryRevision(DataSource dataSource, TransactionSynchronizationRegistry transaction) {
        this.dataSource = dataSource;
        this.transaction = transaction;
    }

    /**
     * The revision now committed (in a transaction, as that transaction sees it). Plain JDBC: this one-row read is
     * all a polled dashboard costs the database, Hibernate's query machinery would cost more than the read.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long current() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement read = connection.prepareStatement("select revision from registry_revision");
             ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("registry revision unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * What {@code compute} gives for the key at the revision: computed again only when the revision moved on since it
     * was last computed. The revision must have been read before {@code compute} reads the tables, so what is kept
     * under it is never older than it. Inside a transaction nothing is kept or reused: it may see its own changes,
     * which are not committed (and may never be) and have not moved the revision yet.
     *
     * @param key identifies the computation and its inputs; equal keys must compute the same thing
     */
    @SuppressWarnings("unchecked")
    public <T> T at(long revision, Object key, Supplier<T> compute) {
        if (inTransaction()) {
            return compute.get();
        }
        Computed known = computed.get(key);
        if (known != null && known.revision() == revision) {
            return (T) known.value();
        }
        T value = compute.get();
        // A slower reader of an older revision must not replace a newer entry.
        computed.merge(key, new Computed(revision, value), (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
        return value;
    }

    /**
     * As {@link #at}, at the revision now committed; inside a transaction, where nothing would be reused, the revision
     * is not even read.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <T> T atCurrent(Object key, Supplier<T> compute) {
        return inTransaction() ? compute.get() : at(current(), key, compute);
    }

    private boolean inTransaction() {
        return transaction.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
    }

    private record Computed(long revision, Object value) {
    }
}
