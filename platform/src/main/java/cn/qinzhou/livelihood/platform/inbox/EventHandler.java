package cn.qinzhou.livelihood.platform.inbox;

import cn.qinzhou.livelihood.contracts.EventEnvelope;

import java.util.List;

/**
 * Applies events; runs inside the transaction that also records them as processed. A consumer applies a run
 * of records in one transaction: {@link #beforeRun} sees the run's new events first (to read what it needs in a few
 * queries instead of a few per event), then {@link #handle} is called for each of them in order, then
 * {@link #afterRun}, still in the transaction. A run may be a single event.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(EventEnvelope envelope);

    /**
     * Called once per transaction, before any {@link #handle}, with the run's new events: those already processed,
     * and a second copy inside the run, are left out. Not called when the run has nothing new.
     */
    default void beforeRun(List<EventEnvelope> run) {
    }

    /** Called once per transaction after the last {@link #handle}, before the commit. */
    default void afterRun() {
    }
}
