package cn.qinzhou.livelihood.platform.inbox;

import cn.qinzhou.livelihood.platform.events.EventEnvelope;

/** Applies one event; runs inside the transaction that also records the event as processed. */
@FunctionalInterface
public interface EventHandler {
    void handle(EventEnvelope envelope);
}
