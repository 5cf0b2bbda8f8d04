package cn.qinzhou.livelihood.platform.inbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;

import java.util.List;

/**
 * Applies events; runs inside the transaction that also records them as processed. A consumer applies a run
 * of records in one transaction: {@link #beforeRun} sees the whole run first (to read what it needs in a few
 * queries instead of a few per event), then {@link #handle} is called for each new event in order, then
 * {@link #afterRun}, still in the transaction. A run may be a single event.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(EventEnvelope envelope);

    /** Called once per transaction, before any {@link #handle}, with every event of the run (duplicates included). */
    default void beforeRun(List<EventEnvelope> run) {
    }

    /** Called once per transaction after the last {@link #handle}, before the commit. */
    default void afterRun() {
    }
}
