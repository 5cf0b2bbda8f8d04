package cn.qinzhou.livelihood.notification.delivery;

/** One channel's protocol. Implementations never log or return the target's query or a secret. */
public interface ChannelSender {

    Subscription.Channel channel();

    /** The largest message body the channel takes, in UTF-8 bytes; a digest is cut to fit it. */
    int maxBytes();

    /**
     * @param body the webhook's JSON body (the alert change or the digest); the other channels use {@code message}
     */
    SendResult send(Subscription subscription, String deliveryId, Message message, String body);
}
