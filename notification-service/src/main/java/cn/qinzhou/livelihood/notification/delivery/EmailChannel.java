package cn.qinzhou.livelihood.notification.delivery;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * E-mail by SMTP (quarkus-mailer; host, port and credentials from {@code quarkus.mailer.*}): Chinese text and HTML.
 *
 * <p>Every session starts on one event-loop context of this channel's own. Vert.x's mail client makes the connection
 * and sets its reader on it in a later step; started from a thread of another kind, a greeting the server sent in
 * between could be lost to it, wholly or in part, and the session failed or waited for the timeout (about 1 session in
 * 60 with a server on the same machine and the cores busy; none in 1,200 started on an event loop). Started there,
 * the connection is made and its reader set on that loop's thread before it reads a byte.
 */
@ApplicationScoped
public class EmailChannel implements ChannelSender {

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);

    private final ReactiveMailer mailer;
    private final Context sessions;
    private final Duration timeout;

    public EmailChannel(ReactiveMailer mailer, Vertx vertx,
                        @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "PT10S") Duration timeout) {
        this.mailer = mailer;
        this.sessions = ((VertxInternal) vertx).createEventLoopContext();
        this.timeout = timeout;
    }

    @Override
    public Subscription.Channel channel() {
        return Subscription.Channel.EMAIL;
    }

    @Override
    public int maxBytes() {
        return 1024 * 1024;
    }

    @Override
    public SendResult send(Subscription subscription, String deliveryId, Message message, String body) {
        try {
            try {
                sendInOneSession(mail(subscription, deliveryId, message));
                return SendResult.sent();
            } catch (ExecutionException | TimeoutException first) {
                // One more SMTP session at once before the delivery waits for its back-off: a server or the way to
                // it may drop one session. Should the first have reached the server after all, the delivery id
                // header tells the repeat.
                LOG.infof("SMTP session for delivery %s failed, trying a new one: %s", deliveryId, rootMessage(first));
            }
            try {
                sendInOneSession(mail(subscription, deliveryId, message));
                return SendResult.sent();
            } catch (ExecutionException | TimeoutException e) {
                // The address was checked when subscribed; what fails here is the SMTP server or the way to it.
                return SendResult.retry("SMTP: " + rootMessage(e), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("SMTP: interrupted while the session ran", null);
        }
    }

    private void sendInOneSession(Mail mail) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sessions.runOnContext(ignored -> {
            try {
                mailer.send(mail).subscribe().with(done -> sent.complete(null), sent::completeExceptionally);
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
        sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Mail mail(Subscription subscription, String deliveryId, Message message) {
        return Mail.withText(subscription.target, message.title(), message.text()).setHtml(message.html())
                .addHeader("X-Livelihood-Delivery-Id", deliveryId);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
