package cn.qinzhou.livelihood.benchmarks.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generators against a small local HTTP server that takes 2 ms per request and refuses every
 * tenth: counts, statuses, latencies and the pacing of the open loop must be what the server did, over as many
 * connections as there are clients, whatever framing the answers use.
 */
class LoadGeneratorTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final ConcurrentHashMap<String, Boolean> paths = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> clientSockets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, String> bodies = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            paths.put(path, true);
            clientSockets.add(exchange.getRemoteAddress());
            bodies.put(path, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            served.incrementAndGet();
            Pause.millis(2);
            int status = n % 10 == 9 ? 409 : 201;
            if (path.startsWith("/chunked/")) {
                // length 0: the server sends the body in chunks, here several writes of a body larger than one read
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream body = exchange.getResponseBody()) {
                    for (int i = 0; i < 40; i++) {
                        body.write(("{\"part\": " + i + ", \"text\": \"" + "进度".repeat(300) + "\"}\n").getBytes(StandardCharsets.UTF_8));
                        body.flush();
                    }
                }
            } else if (path.startsWith("/close/")) {
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] answer = ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Call request(String prefix, int i) {
        return Call.of("PUT", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix + i),
                Map.of("Content-Type", "application/json"), ("{\"报告\": " + i + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void closedLoopSendsEachRequestOnceAndCountsWhatTheServerAnswered() {
        LoadResult result = ClosedLoop.run(4, 200, i -> request("/", i), 201);

        assertThat(served).hasValue(200);
        assertThat(paths).hasSize(200);
        assertThat(bodies.get("/7")).isEqualTo("{\"报告\": 7}");
        assertThat(result.succeeded()).isEqualTo(180);
        assertThat(result.failed()).isEqualTo(20);
        assertThat(result.unexpectedStatuses()).containsEntry(409, 20L);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(200);
        assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(2.0);
        // 4 clients, 200 requests of at least 2 ms each: at least 100 ms of wall time, at most 2,000 per second.
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.1);
        assertThat(result.throughput()).isLessThanOrEqualTo(2_000);
        assertThat(clientSockets).as("one kept-alive connection per client").hasSize(4);
    }

    @Test
    void chunkedAnswersAreReadToTheirEndBeforeTheNextRequest() {
        LoadResult result = ClosedLoop.run(2, 40, i -> request("/chunked/", i), 201);

        assertThat(served).hasValue(40);
        assertThat(result.succeeded()).isEqualTo(36);
        assertThat(result.unexpectedStatuses()).containsExactly(Map.entry(409, 4L));
        assertThat(clientSockets).hasSize(2);
    }

    @Test
    void aConnectionTheServerClosesIsReplaced() {
        LoadResult result = ClosedLoop.run(2, 20, i -> request("/close/", i), 201);

        assertThat(served).hasValue(20);
        assertThat(result.succeeded()).isEqualTo(18);
        assertThat(result.unexpectedStatuses()).containsExactly(Map.entry(409, 2L));
        assertThat(clientSockets).as("a new connection for each request").hasSize(20);
    }

    @Test
    void openLoopKeepsItsScheduleAndMeasuresFromTheScheduledTime() {
        AtomicInteger scheduled = new AtomicInteger();
        long[] firstAndLast = new long[2];
        LoadResult result = OpenLoop.run(200, 8, 100, i -> request("/", i), 201, (i, at) -> {
            scheduled.incrementAndGet();
            firstAndLast[i == 0 ? 0 : 1] = at;
        });

        assertThat(scheduled).hasValue(100);
        assertThat(served).hasValue(100);
        assertThat(result.succeeded()).isEqualTo(90);
        assertThat(result.unexpectedStatuses()).containsEntry(409, 10L);
        // 100 requests at 200 per second: the last one is scheduled 495 ms after the first.
        assertThat(firstAndLast[1] - firstAndLast[0]).isEqualTo(99 * 5_000_000L);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.495);
        assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(2.0);
        assertThat(clientSockets).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void openLoopRequestsWaitingForABusyConnectionCountTheirWait() {
        // 1 connection, 2 ms a request, 1,000 a second offered: the queue grows and the wait shows in the latency.
        LoadResult result = OpenLoop.run(1_000, 1, 100, i -> request("/", i), 201, (i, at) -> { });

        assertThat(served).hasValue(100);
        assertThat(clientSockets).hasSize(1);
        assertThat(result.percentileMillis(99)).isGreaterThanOrEqualTo(90.0);
    }

    @Test
    void aRefusedConnectionCountsAsStatusZero() {
        int port = server.getAddress().getPort();
        server.stop(0);
        LoadResult result = ClosedLoop.run(2, 10, i -> Call.of("GET", URI.create("http://127.0.0.1:" + port + "/" + i),
                Map.of(), new byte[0]), 201);

        assertThat(result.succeeded()).isZero();
        assertThat(result.unexpectedStatuses()).containsEntry(0, 10L);
    }
}
