package cn.qinzhou.livelihood.notification.delivery;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/** E-mail by SMTP (quarkus-mailer; host, port and credentials from {@code quarkus.mailer.*}): Chinese text and HTML. */
@ApplicationScoped
public class EmailChannel implements ChannelSender {

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
            mailer.send(Mail.withText(subscription.target, message.title(), message.text()).setHtml(message.html())
                    .addHeader("X-Livelihood-Delivery-Id", deliveryId));
            return SendResult.sent();
        } catch (RuntimeException e) {
            // The address was checked when subscribed; what fails here is the SMTP server or the way to it.
            return SendResult.retry("SMTP: " + rootMessage(e), null);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
