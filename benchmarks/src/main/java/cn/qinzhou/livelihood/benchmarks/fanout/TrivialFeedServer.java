package cn.qinzhou.livelihood.benchmarks.fanout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The machine's ceiling for the fan-out: a server that does nothing but write the same bytes to every
 * connection (one thread, non-blocking sockets, no HTTP framework, no database), read by the same
 * {@link SubscriberSwarm}. What it takes to move a burst to N subscribers here bounds what the service can do.
 * It runs in a process of its own ({@link #main}), as the service does, so neither process holds more than one
 * socket per subscriber.
 */
final class TrivialFeedServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Selector selector;
    private final List<SocketChannel> connections = new ArrayList<>();
    private final ConcurrentLinkedQueue<ByteBuffer> bursts = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean running = true;

    TrivialFeedServer() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        loop = new Thread(this::run, "trivial-feed-server");
        loop.setDaemon(true);
        loop.start();
    }

    String url() throws IOException {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Writes {@code text} to every connection (from the server's thread, as fast as each takes it). */
    void send(byte[] text) {
        bursts.add(ByteBuffer.wrap(text));
        selector.wakeup();
    }

    private void run() {
        byte[] head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nid: 0\nevent: position\ndata: {}\n\n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer discard = ByteBuffer.allocate(4096);
        try {
            while (running) {
                selector.select(100);
                for (ByteBuffer burst; (burst = bursts.poll()) != null; ) {
                    for (SocketChannel connection : connections) {
                        SelectionKey key = connection.keyFor(selector);
                        Pending pending = (Pending) key.attachment();
                        pending.queue.add(burst.duplicate());
                        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    }
                }
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel connection = server.accept();
                        if (connection != null) {
                            connection.configureBlocking(false);
                            Pending pending = new Pending();
                            pending.queue.add(ByteBuffer.wrap(head));
                            connection.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE, pending);
                            connections.add(connection);
                        }
                        continue;
                    }
                    SocketChannel connection = (SocketChannel) key.channel();
                    try {
                        if (key.isReadable() && connection.read(discard.clear()) < 0) {
                            key.cancel();
                            connection.close();
                            connections.remove(connection);
                            continue;
                        }
                        if (key.isWritable()) {
                            Pending pending = (Pending) key.attachment();
                            while (!pending.queue.isEmpty()) {
                                ByteBuffer next = pending.queue.get(0);
                                connection.write(next);
                                if (next.hasRemaining()) {
                                    break;
                                }
                                pending.queue.remove(0);
                            }
                            if (pending.queue.isEmpty()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                    } catch (IOException gone) {
                        key.cancel();
                        connection.close();
                        connections.remove(connection);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class Pending {
        final List<ByteBuffer> queue = new ArrayList<>();
    }

    /**
     * {@code TrivialFeedServer <file>}: prints its URL, then writes the file's bytes to every connection each time a
     * line arrives on standard input; ends when standard input does.
     */
    public static void main(String[] args) throws IOException {
        byte[] burst = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[0]));
        try (TrivialFeedServer server = new TrivialFeedServer();
             java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(server.url());
            System.out.flush();
            while (commands.readLine() != null) {
                server.send(burst);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel connection : connections) {
            connection.close();
        }
        server.close();
    }
}
