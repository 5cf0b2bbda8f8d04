package cn.qinzhou.livelihood.notification.delivery;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** E-mail by SMTP (quarkus-mailer; host, port and credentials from {@code quarkus.mailer.*}): Chinese text and HTML. */
@ApplicationScoped
public class EmailChannel implements ChannelSender {

    private static final Logger LOG = Logger.getLogger(EmailChannel.class);

    private final Mailer mailer;

    public EmailChannel(Mailer mailer) {
        this.mailer = mailer;
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
            mailer.send(mail(subscription, deliveryId, message));
            return SendResult.sent();
        } catch (RuntimeException first) {
            // One more SMTP session at once before the delivery waits for its back-off. The mail client can miss the
            // start of a server's greeting that arrives before it listens (seen with a server on the same machine
            // under load): the session then fails at once, or waits for the mailer's timeout, and a new one goes
            // through. Should the first have reached the server after all, the delivery id header tells the repeat.
            LOG.infof("SMTP session for delivery %s failed, trying a new one: %s", deliveryId, rootMessage(first));
        }
        try {
            mailer.send(mail(subscription, deliveryId, message));
            return SendResult.sent();
        } catch (RuntimeException e) {
            // The address was checked when subscribed; what fails here is the SMTP server or the way to it.
            return SendResult.retry("SMTP: " + rootMessage(e), null);
        }
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
