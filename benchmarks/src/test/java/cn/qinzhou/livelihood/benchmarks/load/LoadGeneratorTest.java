package cn.qinzhou.livelihood.benchmarks.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generators against a small local HTTP server that takes 2 ms per request and refuses every
 * tenth: counts, statuses, latencies and the pacing of the open loop must be what the server did.
 */
class LoadGeneratorTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final ConcurrentHashMap<String, Boolean> paths = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
            paths.put(exchange.getRequestURI().getPath(), true);
            served.incrementAndGet();
            Pause.millis(2);
            exchange.sendResponseHeaders(n % 10 == 9 ? 409 : 201, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private HttpRequest request(int i) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + i))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
    }

    @Test
    void closedLoopSendsEachRequestOnceAndCountsWhatTheServerAnswered() {
        LoadResult result = ClosedLoop.run(http, 4, 200, this::request, 201);

        assertThat(served).hasValue(200);
        assertThat(paths).hasSize(200);
        assertThat(result.succeeded()).isEqualTo(180);
        assertThat(result.failed()).isEqualTo(20);
        assertThat(result.unexpectedStatuses()).containsEntry(409, 20L);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(200);
        assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(2.0);
        // 4 clients, 200 requests of at least 2 ms each: at least 100 ms of wall time, at most 2,000 per second.
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.1);
        assertThat(result.throughput()).isLessThanOrEqualTo(2_000);
    }

    @Test
    void openLoopKeepsItsScheduleAndMeasuresFromTheScheduledTime() {
        AtomicInteger scheduled = new AtomicInteger();
        LoadResult result = OpenLoop.run(http, 200, 8, 100, this::request, 201, (i, at) -> scheduled.incrementAndGet());

        assertThat(scheduled).hasValue(100);
        assertThat(served).hasValue(100);
        assertThat(result.succeeded()).isEqualTo(90);
        assertThat(result.unexpectedStatuses()).containsEntry(409, 10L);
        // 100 requests at 200 per second: the last one is scheduled 495 ms after the first.
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.495);
        assertThat(result.percentileMillis(50)).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void aRefusedConnectionCountsAsStatusZero() {
        int port = server.getAddress().getPort();
        server.stop(0);
        LoadResult result = ClosedLoop.run(http, 2, 10, i -> HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/" + i)).build(), 201);

        assertThat(result.succeeded()).isZero();
        assertThat(result.unexpectedStatuses()).containsEntry(0, 10L);
    }
}
