package cn.qinzhou.livelihood.benchmarks.fanout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE subscribers held by one thread: non-blocking sockets on one selector, each reading its stream and
 * noting only the id of the last event and when it arrived, so the generator's cost per event is a scan of its
 * bytes. A subscriber made {@link #addStalled stalled} sends its request and then reads nothing (with a small
 * receive buffer), as a client whose tab froze.
 */
final class SubscriberSwarm implements AutoCloseable {

    /** One subscriber's view of its stream. */
    static final class Subscriber {
        final boolean stalled;
        volatile long lastId = -1;
        volatile long lastArrivalNanos;
        volatile boolean headersRead;
        volatile int status;
        volatile boolean closedByServer;
        volatile boolean cutOffEventSeen;
        private final StringBuilder head = new StringBuilder();
        /** The start of the current line, up to 24 bytes, to recognise {@code id:} and {@code event: cut-off}. */
        private final byte[] line = new byte[24];
        private int lineLength;
        private boolean lineOverflow;
        SocketChannel channel;

        Subscriber(boolean stalled) {
            this.stalled = stalled;
        }

        boolean joined() {
            return lastId >= 0;
        }

        private void consume(ByteBuffer buffer, long now) {
            int position = buffer.position();
            int limit = buffer.limit();
            if (!headersRead) {
                while (position < limit && !headersRead) {
                    head.append((char) buffer.get(position++));
                    int end = head.indexOf("\r\n\r\n");
                    if (end >= 0) {
                        headersRead = true;
                        status = Integer.parseInt(head.substring(9, 12));
                    }
                }
            }
            for (int i = position; i < limit; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    endOfLine(now);
                } else if (lineLength < line.length) {
                    line[lineLength++] = b;
                } else {
                    lineOverflow = true;
                }
            }
        }

        private void endOfLine(long now) {
            if (lineLength > 4 && line[0] == 'i' && line[1] == 'd' && line[2] == ':' && !lineOverflow) {
                long id = 0;
                for (int i = 3; i < lineLength; i++) {
                    byte digit = line[i];
                    if (digit >= '0' && digit <= '9') {
                        id = id * 10 + (digit - '0');
                    }
                }
                lastId = id;
                lastArrivalNanos = now;
            } else if (lineLength >= 14 && new String(line, 0, 14, StandardCharsets.US_ASCII).equals("event: cut-off")) {
                cutOffEventSeen = true;
            }
            lineLength = 0;
            lineOverflow = false;
        }
    }

    private final InetSocketAddress server;
    private final byte[] request;
    private final Selector selector;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Subscriber> toRegister = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Thread loop;
    private volatile boolean running = true;

    SubscriberSwarm(String baseUrl, String token) throws IOException {
        java.net.URI uri = java.net.URI.create(baseUrl);
        this.server = new InetSocketAddress(uri.getHost(), uri.getPort());
        this.request = ("GET /alerts/stream HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "subscriber-swarm");
        loop.setDaemon(true);
        loop.start();
    }

    /** Connects {@code count} subscribers, {@code batch} at a time, each batch joined before the next starts. */
    List<Subscriber> add(int count, int batch) throws IOException, InterruptedException {
        List<Subscriber> added = new ArrayList<>();
        for (int from = 0; from < count; from += batch) {
            List<Subscriber> wave = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                wave.add(connect(false));
            }
            awaitJoined(wave, 60);
            added.addAll(wave);
        }
        return added;
    }

    /** One subscriber that sends its request and then never reads. */
    Subscriber addStalled() throws IOException {
        return connect(true);
    }

    private Subscriber connect(boolean stalled) throws IOException {
        Subscriber subscriber = new Subscriber(stalled);
        SocketChannel channel = SocketChannel.open();
        if (stalled) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        channel.connect(server);
        channel.write(ByteBuffer.wrap(request));
        channel.configureBlocking(false);
        subscriber.channel = channel;
        subscribers.add(subscriber);
        open.incrementAndGet();
        if (!stalled) {
            toRegister.add(subscriber);
            selector.wakeup();
        }
        return subscriber;
    }

    private static void awaitJoined(List<Subscriber> wave, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!wave.stream().allMatch(Subscriber::joined)) {
            if (System.nanoTime() > deadline) {
                long joined = wave.stream().filter(Subscriber::joined).count();
                throw new IllegalStateException(joined + " of " + wave.size() + " subscribers joined within " + seconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Closes some subscribers (the first {@code count} healthy ones). */
    void closeHealthy(int count) throws IOException {
        int closed = 0;
        for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext() && closed < count; ) {
            Subscriber subscriber = it.next();
            if (!subscriber.stalled) {
                subscriber.channel.close();
                it.remove();
                open.decrementAndGet();
                closed++;
            }
        }
        selector.wakeup();
    }

    List<Subscriber> healthy() {
        return subscribers.stream().filter(s -> !s.stalled).toList();
    }

    /**
     * Whether a stalled subscriber's connection was ended by the server: reads what its buffers hold until the
     * end of the stream, a reset, or {@code seconds} without either.
     */
    static boolean endedByServer(Subscriber stalled, int seconds) throws IOException, InterruptedException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            buffer.clear();
            int read;
            try {
                read = stalled.channel.read(buffer);
            } catch (IOException reset) {
                return true;
            }
            if (read < 0) {
                return true;
            }
            buffer.flip();
            stalled.consume(buffer, System.nanoTime());
            if (read == 0) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        return false;
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (running) {
                selector.select(200);
                for (Subscriber subscriber; (subscriber = toRegister.poll()) != null; ) {
                    subscriber.channel.register(selector, SelectionKey.OP_READ, subscriber);
                }
                long now = System.nanoTime();
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Subscriber subscriber = (Subscriber) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    try {
                        int read;
                        while ((read = subscriber.channel.read(buffer.clear())) > 0) {
                            buffer.flip();
                            subscriber.consume(buffer, now);
                        }
                        if (read < 0) {
                            subscriber.closedByServer = true;
                            key.cancel();
                            subscriber.channel.close();
                        }
                    } catch (IOException e) {
                        subscriber.closedByServer = true;
                        key.cancel();
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        for (Subscriber subscriber : subscribers) {
            subscriber.channel.close();
        }
        selector.close();
    }
}
