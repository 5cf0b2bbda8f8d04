package cn.qinzhou.livelihood.notification.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server (GreenMail) for the whole test run; the tests read the mails it received back. The mailer is
 * pointed at a front door that passes each session through to it, unless a test asked it to break off the next
 * sessions ({@link #breakOffNextSessions}): the connection is then closed before the server's greeting, as a
 * server or a network dropping it would.
 */
@QuarkusTestResource(GreenMailForTests.class)
public class GreenMailForTests implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;
    private static ServerSocket frontDoor;
    private static final AtomicInteger TO_BREAK_OFF = new AtomicInteger();

    public static GreenMail server() {
        return server;
    }

    /** The next {@code sessions} SMTP connections are closed as soon as they are accepted. */
    public static void breakOffNextSessions(int sessions) {
        TO_BREAK_OFF.set(sessions);
    }

    @Override
    public Map<String, String> start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            frontDoor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> accept(port), "smtp-front-door");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("quarkus.mailer.port", Integer.toString(frontDoor.getLocalPort()), "quarkus.mailer.host", "127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void accept(int serverPort) {
        while (!frontDoor.isClosed()) {
            try {
                Socket client = frontDoor.accept();
                if (TO_BREAK_OFF.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    client.close();
                    continue;
                }
                Socket toServer;
                try {
                    toServer = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                pump(client, toServer);
                pump(toServer, client);
            } catch (IOException e) {
                // The front door closed at the end of the run (the loop ends), or one accept failed (the next goes on).
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side closed: so does this one (below).
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "smtp-front-door-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void stop() {
        if (frontDoor != null) {
            closeQuietly(frontDoor);
        }
        if (server != null) {
            server.stop();
        }
    }
}
