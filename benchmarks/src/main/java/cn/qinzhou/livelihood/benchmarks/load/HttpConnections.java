package cn.qinzhou.livelihood.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Keep-alive HTTP/1.1 connections driven by one thread on one selector, one request in flight on each: the load
 * generators' client. Java's HttpClient cost the benchmark 0.4-1.0 ms of CPU a request, as much as some of the
 * services it measures on the same two cores; this reads only the status line and what framing needs (Content-Length
 * or chunks) and keeps nothing else.
 */
final class HttpConnections implements AutoCloseable {

    /** Told of each finished exchange: its status, or 0 when the connection failed before an answer. */
    interface Answered {
        void answered(Connection connection, int status);
    }

    final class Connection {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final ResponseReader reader = new ResponseReader();
        private ByteBuffer pending;
        private boolean open = true;
        /** When the exchange under way counts from (its send or its scheduled time), set by whoever sends on it. */
        long sinceNanos;

        private Connection(SocketChannel channel) throws IOException {
            this.channel = channel;
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        boolean isOpen() {
            return open;
        }

        /** Writes the request (as far as the socket takes it now; the rest when it is writable). */
        void send(long sinceNanos, byte[] request, Answered answered) {
            this.sinceNanos = sinceNanos;
            reader.reset();
            pending = ByteBuffer.wrap(request);
            try {
                flush();
            } catch (IOException e) {
                fail(answered);
            }
        }

        private void flush() throws IOException {
            channel.write(pending);
            key.interestOps(pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void fail(Answered answered) {
            close();
            answered.answered(this, 0);
        }

        private void close() {
            if (open) {
                open = false;
                connections.remove(this);
                key.cancel();
                try {
                    channel.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final List<Connection> connections = new ArrayList<>();

    HttpConnections() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection to the server (a blocking connect: the servers measured are on this machine). */
    Connection open(InetSocketAddress server) throws IOException {
        InetSocketAddress resolved = server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort()) : server;
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(resolved, 10_000);
            channel.configureBlocking(false);
            Connection connection = new Connection(channel);
            connections.add(connection);
            return connection;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Waits up to the timeout for sockets to be ready and finishes what they allow, telling each finished exchange. */
    void poll(long timeoutNanos, Answered answered) {
        try {
            // rounded up: waking a little late is cheaper than spinning until the moment
            long millis = (timeoutNanos + 999_999) / 1_000_000;
            int ready = millis <= 0 ? selector.selectNow() : selector.select(millis);
            if (ready == 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection connection = (Connection) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            try {
                if (key.isWritable()) {
                    connection.flush();
                }
                if (key.isReadable()) {
                    read(connection, answered);
                }
            } catch (IOException | RuntimeException e) {
                connection.fail(answered);
            }
        }
    }

    private void read(Connection connection, Answered answered) throws IOException {
        readBuffer.clear();
        int read = connection.channel.read(readBuffer);
        if (read < 0) {
            if (connection.reader.endOfStream()) {
                connection.close();
                answered.answered(connection, connection.reader.status());
            } else {
                connection.fail(answered);
            }
            return;
        }
        readBuffer.flip();
        if (connection.reader.feed(readBuffer)) {
            if (connection.reader.closeAfter()) {
                connection.close();
            }
            answered.answered(connection, connection.reader.status());
        }
    }

    @Override
    public void close() {
        List.copyOf(connections).forEach(Connection::close);
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
