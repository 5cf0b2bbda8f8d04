package cn.qinzhou.livelihood.benchmarks.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * N clients that each send their next request as soon as the previous answer arrived, until a number of
 * requests has been sent or a time is up, whichever comes first: throughput at a given concurrency. Java 17 has no virtual threads, so each client
 * is a thread of a fixed pool of N.
 */
public final class ClosedLoop {

    /**
     * @param request        the i-th request (0-based, unique across clients: each may address a fresh row)
     * @param expectedStatus the status that counts as success; any other is counted by its value
     */
    public static LoadResult run(HttpClient http, int clients, int requests, IntFunction<HttpRequest> request,
                                 int expectedStatus) {
        return run(http, clients, requests, Duration.ofHours(1), request, expectedStatus);
    }

    /** As above, but no request starts once {@code limit} has passed (a slow machine still ends in time). */
    public static LoadResult run(HttpClient http, int clients, int requests, Duration limit, IntFunction<HttpRequest> request,
                                 int expectedStatus) {
        Tally tally = new Tally(expectedStatus);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        long stopAt = started + limit.toNanos();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < stopAt; i = next.getAndIncrement()) {
                    HttpRequest call = request.apply(i);
                    long sent = System.nanoTime();
                    int status = send(http, call);
                    tally.record(status, System.nanoTime() - sent);
                }
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(limit.toSeconds() + 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load run did not finish within an hour");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return tally.result(clients, started);
    }

    /** The answer's status, or 0 when no answer came (connection refused or reset). */
    static int send(HttpClient http, HttpRequest call) {
        try {
            return http.send(call, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private ClosedLoop() {
    }
}
