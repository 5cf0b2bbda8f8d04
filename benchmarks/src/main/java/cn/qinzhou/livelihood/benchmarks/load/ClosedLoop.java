package cn.qinzhou.livelihood.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * N clients that each send their next request as soon as the previous answer arrived, until a number of
 * requests has been sent or a time is up, whichever comes first: throughput at a given concurrency. Each client is a
 * keep-alive connection of {@link HttpConnections}, all driven by one thread.
 */
public final class ClosedLoop {

    /**
     * @param request        the i-th request (0-based, unique across clients: each may address a fresh row)
     * @param expectedStatus the status that counts as success; any other is counted by its value
     */
    public static LoadResult run(int clients, int requests, IntFunction<Call> request, int expectedStatus) {
        return run(clients, requests, Duration.ofHours(1), request, expectedStatus);
    }

    /** As above, but no request starts once {@code limit} has passed (a slow machine still ends in time). */
    public static LoadResult run(int clients, int requests, Duration limit, IntFunction<Call> request, int expectedStatus) {
        Tally tally = new Tally(expectedStatus);
        long started = System.nanoTime();
        long stopAt = started + limit.toNanos();
        try (HttpConnections connections = new HttpConnections()) {
            Clients loop = new Clients(connections, tally, requests, stopAt, request);
            for (int c = 0; c < clients; c++) {
                loop.sendNext(null);
            }
            while (loop.inFlight > 0) {
                connections.poll(Duration.ofSeconds(1).toNanos(), loop::answered);
            }
        }
        return tally.result(clients, started);
    }

    /** The clients' shared state: the next request's index and how many exchanges are under way. */
    private static final class Clients {
        private final HttpConnections connections;
        private final Tally tally;
        private final int requests;
        private final long stopAt;
        private final IntFunction<Call> request;
        private int next;
        private int inFlight;

        Clients(HttpConnections connections, Tally tally, int requests, long stopAt, IntFunction<Call> request) {
            this.connections = connections;
            this.tally = tally;
            this.requests = requests;
            this.stopAt = stopAt;
            this.request = request;
        }

        void answered(HttpConnections.Connection connection, int status) {
            inFlight--;
            tally.record(status, System.nanoTime() - connection.sinceNanos);
            sendNext(connection.isOpen() ? connection : null);
        }

        /**
         * The client's next request on its connection (a new one if it has none or it was closed). A connection that
         * cannot be opened answers 0 at once, and the client goes on with its next request.
         */
        void sendNext(HttpConnections.Connection connection) {
            while (next < requests && System.nanoTime() < stopAt) {
                Call call = request.apply(next++);
                long sent = System.nanoTime();
                try {
                    HttpConnections.Connection on = connection != null ? connection : connections.open(call.server());
                    inFlight++;
                    on.send(sent, call.bytes(), this::answered);
                    return;
                } catch (IOException e) {
                    tally.record(0, System.nanoTime() - sent);
                    connection = null;
                }
            }
        }
    }

    private ClosedLoop() {
    }
}
